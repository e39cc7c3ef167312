import { useRef } from 'preact/hooks';

/**
 * Latest wins, for a view that loads the same thing again on every live
 * event: two loads can overlap and answer out of order, and an earlier
 * answer shown after a later one would stick (no further event need come:
 * a chat transferred away is no longer in its sender's feed). `begin()`
 * starts a load and returns whether it is still the latest one.
 */
export function useLatest(): () => () => boolean {
  const latest = useRef(0);
  return () => {
    const mine = ++latest.current;
    return () => mine === latest.current;
  };
}
