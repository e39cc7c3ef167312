import { useEffect, useState } from 'preact/hooks';

/** The time, ticking every `everyMs` (countdowns in minutes need no more). */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
