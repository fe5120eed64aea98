/**
 * Pipeline stages as separate processes, the way they are deployed (one `tonstream stage …` per container):
 * the project is compiled once with `tsc` into `dist/` (`npm run build`) and each stage runs as
 * `node dist/pipelines/cli.js stage <name>`, so its memory is the stage's own (no TypeScript
 * loader). The bench reads each process from outside only:
 *
 * - peak RSS: `VmHWM` of /proc/<pid>/status (the kernel's high-water mark, nothing missed between samples);
 * - batch timing: the stages' debug log lines (`decoded batch`, `state batch committed`, with the batch's `ms`);
 * - where the time went: `tonstream_phase_seconds_total` from each stage's /metrics endpoint (and, with
 *   `BENCH_CPU_PROF=<dir>`, a V8 CPU profile of each stage).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { sleep } from './services.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT_DIR = 'dist';
const CLI = `${ROOT}${OUT_DIR}/pipelines/cli.js`;

/** Compiles the project into dist/ (tsc, ~30 s) unless an up-to-date build is there. */
export function buildStages(log: (line: string) => void): void {
  const newestSource = spawnSync(
    'bash',
    [
      '-c',
      `find pipelines connectors operators schemas -name '*.ts' -newer ${OUT_DIR}/pipelines/cli.js | head -1`,
    ],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (existsSync(CLI) && newestSource.status === 0 && newestSource.stdout.trim() === '') return;
  log(`  compiling the stages (tsc → ${OUT_DIR})`);
  const built = spawnSync(
    process.execPath,
    [`${ROOT}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.json', '--outDir', OUT_DIR],
    { cwd: ROOT, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`tsc failed:\n${built.stdout}${built.stderr}`);
  if (!existsSync(CLI) || statSync(CLI).size === 0) throw new Error(`tsc wrote no ${CLI}`);
}

/**
 * Node flags of a stage process: the heap bound the deployment sets (NODE_OPTIONS in deploy/k8s/Dockerfile),
 * without which V8 lets garbage pile up to several hundred MB before collecting it. BENCH_STAGE_NODE_FLAGS
 * overrides them for every stage, BENCH_STAGE_NODE_FLAGS_<STAGE> (e.g. _STATE) for one.
 */
function stageNodeFlags(stage: string): string[] {
  const flags =
    process.env[`BENCH_STAGE_NODE_FLAGS_${stage.toUpperCase()}`] ??
    process.env.BENCH_STAGE_NODE_FLAGS ??
    '--max-old-space-size=256 --max-semi-space-size=32';
  return flags.split(' ').filter(Boolean);
}

export interface BatchLog {
  /** Epoch ms the batch started (log time minus the batch's own duration). */
  startedAt: number;
  /** Epoch ms the batch finished. */
  endedAt: number;
  records: number;
}

export class StageProcess {
  readonly batches: BatchLog[] = [];
  private exited: Promise<number | null>;
  private lastLines: string[] = [];

  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly metricsPort: number,
    batchMessage: string,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const lines = createInterface({ input: child.stderr! });
    lines.on('line', (line) => {
      this.lastLines.push(line);
      if (this.lastLines.length > 20) this.lastLines.shift();
      if (!line.includes(batchMessage)) return;
      try {
        const entry = JSON.parse(line) as { time: number; ms?: number; records?: number; msg?: string };
        if (entry.msg !== batchMessage) return;
        this.batches.push({
          startedAt: entry.time - (entry.ms ?? 0),
          endedAt: entry.time,
          records: entry.records ?? 0,
        });
      } catch {
        /* not a JSON log line */
      }
    });
  }

  /** Starts `tonstream stage <args>` with debug logs and a metrics port, and waits until /readyz answers. */
  static async start(options: {
    name: string;
    args: string[];
    env: Record<string, string>;
    metricsPort: number;
    batchMessage: string;
  }): Promise<StageProcess> {
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of every stage process into <dir> when it exits.
    const profile = process.env.BENCH_CPU_PROF
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
      : [];
    const child = spawn(
      process.execPath,
      [
        ...profile,
        ...stageNodeFlags(options.name),
        CLI,
        'stage',
        ...options.args,
        '--log-level',
        'debug',
        '--metrics-port',
        String(options.metricsPort),
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ...options.env },
        stdio: [
          'ignore',
          process.env.BENCH_STAGE_STDOUT_DIR
            ? openSync(`${process.env.BENCH_STAGE_STDOUT_DIR}/${options.name}.out`, 'w')
            : 'ignore',
          'pipe',
        ],
      },
    );
    const stage = new StageProcess(options.name, child, options.metricsPort, options.batchMessage);
    const deadline = performance.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw stage.failure(`exited with ${child.exitCode} while starting`);
      try {
        const res = await fetch(`http://127.0.0.1:${options.metricsPort}/readyz`);
        if (res.ok) return stage;
      } catch {
        /* not listening yet */
      }
      if (performance.now() > deadline) throw stage.failure('not ready after 60 s');
      await sleep(200);
    }
  }

  failure(what: string): Error {
    return new Error(`stage ${this.name} ${what}; last log lines:\n${this.lastLines.join('\n')}`);
  }

  get running(): boolean {
    return this.child.exitCode === null;
  }

  /** Peak resident set size so far, MB (Linux /proc), or null where /proc is not available. */
  peakRssMb(): number | null {
    try {
      const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
      const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? NaN);
      return Number.isFinite(kb) ? kb / 1024 : null;
    } catch {
      return null;
    }
  }

  /** `tonstream_phase_seconds_total` by phase, from the stage's /metrics. */
  async phaseSeconds(): Promise<Map<string, number>> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    const out = new Map<string, number>();
    for (const m of text.matchAll(/^tonstream_phase_seconds_total\{([^}]*)\} (\S+)$/gm)) {
      const phase = /phase="([^"]*)"/.exec(m[1]!)?.[1];
      if (phase) out.set(phase, Number(m[2]));
    }
    return out;
  }

  /** V8 heap in use and memory held outside it (Buffers), MB, from the stage's default Node metrics. */
  async memoryMb(): Promise<{ heapUsed: number; external: number } | null> {
    const text = await (await fetch(`http://127.0.0.1:${this.metricsPort}/metrics`)).text();
    const read = (name: string) =>
      Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / (1024 * 1024);
    const heapUsed = read('tonstream_nodejs_heap_size_used_bytes');
    const external = read('tonstream_nodejs_external_memory_bytes');
    return Number.isFinite(heapUsed) ? { heapUsed, external } : null;
  }

  /** SIGTERM (graceful shutdown), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** CPU seconds (user + system) used so far by each process group: the stages, and the servers by name. */
export function cpuSecondsByGroup(stages: readonly StageProcess[]): Map<string, number> {
  const tick = 100; // USER_HZ on Linux
  const out = new Map<string, number>();
  const byPid = new Map(stages.map((s) => [String(s.child.pid), `stage ${s.name}`]));
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / tick; // utime, stime
    const group =
      byPid.get(pid) ??
      (comm === 'java'
        ? 'kafka'
        : comm.startsWith('postgres')
          ? 'postgresql'
          : comm.startsWith('clickhouse')
            ? 'clickhouse'
            : null);
    if (group) out.set(group, (out.get(group) ?? 0) + seconds);
  }
  return out;
}
