import net from 'node:net';

// A TCP forwarder on 127.0.0.1 in front of a real server (PostgreSQL here): closing it makes the
// port refuse connections (a database gone away), opening it again on the same port brings the
// database back, and `cutAfter` drops every connection once that many bytes came back from the
// server (a connection dying mid-answer). It forwards bytes; it never reads or changes them.
export interface TcpProxy {
  port: number;
  /** Bytes the server sent through the proxy so far. */
  readonly received: number;
  /** `url` with its host and port replaced by the proxy's. */
  url(url: string): string;
  open(): Promise<void>;
  close(): Promise<void>;
  /** Drops every connection once `bytes` more bytes came from the server (once). */
  cutAfter(bytes: number): void;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  let received = 0;
  let cutAt: number | null = null;
  const dropAll = () => {
    for (const s of sockets) s.destroy();
    sockets.clear();
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.on('data', (chunk) => upstream.write(chunk));
    upstream.on('data', (chunk) => {
      received += chunk.length;
      if (cutAt !== null && received >= cutAt) {
        cutAt = null;
        dropAll();
        return;
      }
      client.write(chunk);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get received() {
      return received;
    },
    url(url) {
      const u = new URL(url);
      u.hostname = '127.0.0.1';
      u.port = String(port);
      return u.toString();
    },
    open: () => listen(port),
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        if (!server.listening) return resolve();
        server.close(() => resolve());
      }),
    cutAfter(bytes) {
      cutAt = received + bytes;
    },
  };
}
