// The peer system for the throughput benchmark: express-pouchdb on in-memory storage (memdown),
// the way sync.md section 6 measured it. Started as a child process by tests/bench; prints one line
// `listening <port>` when ready.
import express from 'express';
import expressPouchDB from 'express-pouchdb';
import PouchDB from 'pouchdb-core';
import adapterMemory from 'pouchdb-adapter-memory';
import mapreduce from 'pouchdb-mapreduce';
import replication from 'pouchdb-replication';

PouchDB.plugin(adapterMemory).plugin(mapreduce).plugin(replication);
const MemoryPouch = PouchDB.defaults({ adapter: 'memory' });

const app = express();
app.use('/', expressPouchDB(MemoryPouch, { mode: 'minimumForPouchDB', inMemoryConfig: true }));
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
