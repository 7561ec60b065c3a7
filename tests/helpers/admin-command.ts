// The built admin command (dist/server/admin.js) run as an operator runs it: a real process with
// its own environment, standard input, and exit code.
import { spawn } from 'node:child_process';
import path from 'node:path';

export const ADMIN_ENTRY = path.resolve('dist/server/admin.js');

export type AdminRun = { code: number | null; stdout: string; stderr: string };

export function runAdmin(
  env: Record<string, string>,
  args: string[],
  stdin?: string,
): Promise<AdminRun> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [ADMIN_ENTRY, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.on('error', reject);
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
    proc.stdin.end(stdin ?? '');
  });
}
