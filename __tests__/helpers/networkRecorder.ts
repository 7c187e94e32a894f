/**
 * Records every host this process looks up or connects to, from the moment it is imported: import it first in a
 * test file, before the module under test, so a connection made while that module loads is seen too. Patches the
 * process's own `node:dns` and `node:net` objects (shared with every module, the SDK's HTTP handler included).
 */
import dns from 'node:dns';
import net from 'node:net';

/** Hosts looked up (`dns.lookup`, `dns.promises.lookup`) or connected to (`net.Socket#connect`), in order. */
export const networkLog: string[] = [];

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);

/** The recorded hosts that are not this machine. */
export const nonLoopbackHosts = (): string[] => networkLog.filter((host) => !LOOPBACK.has(host));

/** The host of `socket.connect`'s first argument: options, `[options, callback]` (Node's own calls), or a port. */
const hostOf = (target: unknown): string => {
  if (Array.isArray(target)) return hostOf(target[0]);
  if (typeof target === 'object' && target !== null) {
    const { host, path } = target as { host?: unknown; path?: unknown };
    if (typeof host === 'string') return host;
    if (typeof path === 'string') return 'localhost'; // a Unix socket
    return 'localhost'; // Node's default host
  }
  return typeof target === 'string' ? target : 'localhost';
};

const originalLookup = dns.lookup;
const originalPromisesLookup = dns.promises.lookup;
const originalConnect = net.Socket.prototype.connect;

const recordingLookup = function (this: unknown, hostname: string, ...rest: unknown[]) {
  networkLog.push(hostname);
  return (originalLookup as (...args: unknown[]) => unknown).call(this, hostname, ...rest);
};
dns.lookup = recordingLookup as typeof dns.lookup;
dns.promises.lookup = ((hostname: string, ...rest: unknown[]) => {
  networkLog.push(hostname);
  return (originalPromisesLookup as (...args: unknown[]) => unknown)(hostname, ...rest);
}) as typeof dns.promises.lookup;
net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  networkLog.push(hostOf(args[0]));
  return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
} as typeof net.Socket.prototype.connect;

/** Puts the originals back. */
export const restoreNetwork = (): void => {
  dns.lookup = originalLookup;
  dns.promises.lookup = originalPromisesLookup;
  net.Socket.prototype.connect = originalConnect;
};
