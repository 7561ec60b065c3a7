// A proxy in front of the real server that notes every push request as it arrives, so a test can
// count deliveries (requests), not applications. Tablets use the proxy's address as the server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type PushSeen = { deviceId: string; mutationIds: number[] };

export type RecordingProxy = { url: string; pushes: PushSeen[]; close(): Promise<void> };

export async function startRecordingProxy(target: string, port = 0): Promise<RecordingProxy> {
  const pushes: PushSeen[] = [];
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.method === 'POST' && req.url === '/api/sync/push') {
        try {
          const json = JSON.parse(body.toString()) as {
            deviceId: string;
            mutations: { id: number }[];
          };
          pushes.push({ deviceId: json.deviceId, mutationIds: json.mutations.map((m) => m.id) });
        } catch {
          // not JSON: the server answers it
        }
      }
      const upstream = http.request(
        {
          host: to.hostname,
          port: to.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: to.host },
        },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          // The server dying part way through its answer: the tablet's connection is cut too, as
          // behind a real proxy, rather than left open until the tablet's own timeout.
          up.on('aborted', () => res.destroy());
          up.on('error', () => res.destroy());
        },
      );
      upstream.on('error', () => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    pushes,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
