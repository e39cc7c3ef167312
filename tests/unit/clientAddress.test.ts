import type { IncomingMessage } from 'node:http';
import { addressKey, clientAddress, parseTrustProxy } from '../../src/http/clientAddress';

// Who the client is, for the attempt limits: X-Forwarded-For only through trusted proxies.

const request = (peer: string, xff?: string) =>
  ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as unknown as IncomingMessage;

test('no trusted proxy: the socket’s peer, whatever X-Forwarded-For says', () => {
  expect(clientAddress(request('10.0.0.5', '203.0.113.1'), undefined)).toBe('10.0.0.5');
  expect(clientAddress(request('10.0.0.5', '203.0.113.1'), 0)).toBe('10.0.0.5');
});

test('hops: the address the last trusted proxy saw, never one a client wrote before it', () => {
  expect(clientAddress(request('10.0.0.5', '198.51.100.9, 203.0.113.1'), 1)).toBe('203.0.113.1');
  expect(clientAddress(request('10.0.0.5', '198.51.100.9, 203.0.113.1, 10.0.0.4'), 2)).toBe('203.0.113.1');
});

test('a list: only those proxies are believed', () => {
  const trust = parseTrustProxy('10.0.0.0/8, 192.168.1.7');
  expect(Array.isArray(trust)).toBe(true);
  expect(clientAddress(request('10.0.0.5', '203.0.113.1'), trust as string[])).toBe('203.0.113.1');
  expect(clientAddress(request('172.16.0.1', '203.0.113.1'), trust as string[])).toBe('172.16.0.1');
  // Every hop trusted: the furthest one named.
  expect(clientAddress(request('10.0.0.5', '192.168.1.7, 10.0.0.9'), trust as string[])).toBe('192.168.1.7');
  expect(clientAddress(request('10.0.0.5', '203.0.113.1, 192.168.1.8'), trust as string[])).toBe('192.168.1.8');
});

test('addresses are counted as IPv4, or by their IPv6 /64', () => {
  expect(addressKey('203.0.113.1')).toBe('203.0.113.1');
  expect(addressKey('::ffff:203.0.113.1')).toBe('203.0.113.1');
  expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:db8:1:2:bbbb::9')).toBe('2001:db8:1:2::/64');
  expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
});
