/** The edge's Node entry: the same app as the Worker, served by @hono/node-server. */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';

export interface ServeOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  host: string;
}

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Listens on host:port (0 picks a free port) and resolves once the socket is bound. */
export function serveOnNode({ fetch, port, host }: ServeOptions): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: host }, (info: AddressInfo) => {
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`;
      resolve({
        url,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            if ('closeAllConnections' in server) server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
    server.once('error', reject);
  });
}
