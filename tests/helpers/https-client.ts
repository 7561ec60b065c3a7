// Requests over HTTPS that trust only the test's own certificate authority (fetch in Node cannot
// be given a CA), for server processes started with TLS_CERT_FILE and TLS_KEY_FILE.
import https from 'node:https';

export type HttpsAnswer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

export function httpsRequest(
  url: string,
  opts: { ca: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers, ca: opts.ca, timeout: 10_000 },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(opts.body);
  });
}
