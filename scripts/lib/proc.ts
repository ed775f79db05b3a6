import { spawn, type ChildProcess } from 'node:child_process';

export interface CommandResult {
  code: number;
  /** stdout and stderr, interleaved as they arrived. */
  output: string;
}

const running = new Set<ChildProcess>();

/** Runs a command in its own process group, capturing its output (so the runner prints it only on failure). */
export function runCommand(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let output = '';
    const append = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    child.on('error', (err) => {
      output += `\nfailed to start ${cmd}: ${err.message}\n`;
    });
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code: code ?? (signal ? 128 : 1), output });
    });
  });
}

/** Ends every command still running (whole process groups: vitest and jest start workers). */
export function killRunning(): void {
  for (const child of running) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
  }
}
