// `npm test`: every suite, in the order that fails fastest to read: formatting, lint (with the
// layer boundaries), typecheck, build, then vitest (domain, client, server and storage on every
// engine, real Chromium). It ends with one line, `N passed, N failed`, counting each vitest test
// and each static check as one.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const extra = process.argv.slice(2);

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];

function step(name, cmd, args) {
  console.log(`\n── ${name}: ${[path.basename(cmd), ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status === 0) passed++;
  else {
    failed++;
    failures.push(name);
  }
  return r.status === 0;
}

step('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
step('lint', bin('eslint'), ['.', '--max-warnings', '0']);
step('typecheck (app, server, domain, tests)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
step('typecheck (service worker)', bin('tsc'), ['-p', 'src/sw/tsconfig.json', '--noEmit']);
const built = step('build', 'npm', ['run', '--silent', 'build']);

const report = path.join(root, '.test-artifacts', 'vitest.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });
if (built) {
  console.log('\n── vitest: every project');
  spawnSync(
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  if (fs.existsSync(report)) {
    const r = JSON.parse(fs.readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
    // A suite that failed to load has no failed tests but must still count as a failure.
    const brokenFiles = r.testResults.filter(
      (f) => f.status === 'failed' && f.assertionResults.every((a) => a.status !== 'failed'),
    );
    failed += brokenFiles.length;
    if (r.numFailedTests > 0 || brokenFiles.length > 0) failures.push('vitest');
  } else {
    failed++;
    failures.push('vitest (no report written)');
  }
} else {
  failed++;
  failures.push('vitest (not run: the build failed)');
}

if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed === 0 ? 0 : 1);
