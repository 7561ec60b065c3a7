/* global performance */
// The PouchDB side of the throughput benchmark: a PouchDB client (in memory) replicating to and
// from express-pouchdb over HTTP. Reads the documents the benchmark generated (the same generator
// as for our server) from a JSON file; prints one line of JSON with the timings.
//   node tests/bench/pouchdb-replicate.mjs <server url> <docs.json> <batch size>
import fs from 'node:fs';
import PouchDB from 'pouchdb-core';
import adapterHttp from 'pouchdb-adapter-http';
import adapterMemory from 'pouchdb-adapter-memory';
import replication from 'pouchdb-replication';

PouchDB.plugin(adapterMemory).plugin(adapterHttp).plugin(replication);

const [url, docsFile, batchArg] = process.argv.slice(2);
const batch = Number(batchArg);
const docs = JSON.parse(fs.readFileSync(docsFile, 'utf8'));
const remoteUrl = `${url}/bench-${Date.now()}`;
const remote = new PouchDB(remoteUrl);
await remote.info(); // creates it

const tablet = new PouchDB(`tablet-${Date.now()}`, { adapter: 'memory' });
for (let i = 0; i < docs.length; i += 1000) await tablet.bulkDocs(docs.slice(i, i + 1000));

let started = performance.now();
const pushed = await tablet.replicate.to(remote, { batch_size: batch });
const pushMs = performance.now() - started;

const fresh = new PouchDB(`fresh-${Date.now()}`, { adapter: 'memory' });
started = performance.now();
const pulled = await fresh.replicate.from(remote, { batch_size: batch });
const pullMs = performance.now() - started;

// Re-sync with nothing new: the figure sync.md quotes as 3-11 ms.
started = performance.now();
await fresh.replicate.from(remote, { batch_size: batch });
const noopMs = performance.now() - started;

process.stdout.write(
  `${JSON.stringify({ pushMs, pullMs, noopMs, pushed: pushed.docs_written, pulled: pulled.docs_written })}\n`,
);
