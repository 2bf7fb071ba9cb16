/**
 * A TCP port that was free a moment ago, for child processes that must be told their port up
 * front (the playground; a bot that restarts on the same port). Prefer port 0 where the server
 * can report the port it bound.
 */
import net from 'node:net';

/** Binds port 0 on loopback, reads the port the OS chose and releases it. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
