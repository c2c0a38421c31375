// Process helpers: start a server process, wait until it serves, read its CPU time and memory from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts CPU time in these ticks.

/**
 * A free TCP port on 127.0.0.1 for a server, below the ephemeral range (scripts/kept-port.mjs): (d) restarts a
 * killed relay on the same port, which nothing else's port 0 may take meanwhile (CI runs the benchmark beside the
 * services suite).
 */
export { keptPort as freePort } from '../../scripts/kept-port.mjs';

/** Resolves once something accepts TCP connections on the port, or rejects after `timeoutMs`. */
export async function waitForPort(port, timeoutMs = 20_000, child) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before listening`);
    const ok = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
}

/**
 * Starts a server process and resolves when its port accepts connections. stdout/stderr are kept (last 64 KiB)
 * for error reports.
 */
export async function startServer({ command, args, env, cwd, port, timeoutMs = 30_000 }) {
  const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-65_536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  try {
    await waitForPort(port, timeoutMs, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${error.message}\n--- server output ---\n${output.slice(-4000)}`);
  }
  return {
    pid: child.pid,
    child,
    exited,
    output: () => output,
    /** SIGTERM, then SIGKILL after `graceMs`. */
    async stop(graceMs = 3000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}

function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i]) ?? []));
  return out;
}

/** CPU time (user + system, µs) of a process and all its descendants. */
export function cpuMicros(pid) {
  let ticks = 0;
  for (const p of descendants(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
    } catch {
      // Gone.
    }
  }
  return (ticks * 1e6) / CLK_TCK;
}

/**
 * CPU time (µs) a process tree has used, its ended children included: each live process's user + system time, and
 * the time of the children it has reaped (cutime + cstime). PostgreSQL's backends come and go (the postmaster reaps
 * them), so summing the live ones alone would fall when one ends.
 */
export function treeCpuMicros(pid) {
  let ticks = 0;
  for (const p of descendants(pid)) {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime, stime, cutime, cstime (fields 14 to 17 of stat)
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // Gone: its parent's cutime has it once reaped.
    }
  }
  return (ticks * 1e6) / CLK_TCK;
}

/**
 * The machine's count of connections dropped because a listening socket's accept queue was full (`ListenOverflows`
 * in /proc/net/netstat: every listener on the machine, loopback included), or `null` where it cannot be read. A
 * dropped SYN waits for TCP to send it again: 1 s, then 2 s more.
 */
export function listenOverflows() {
  try {
    const [names, values] = readFileSync('/proc/net/netstat', 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('TcpExt:'))
      .map((line) => line.split(' '));
    const value = Number(values?.[names?.indexOf('ListenOverflows') ?? -1]);
    return Number.isFinite(value) ? value : null;
  } catch {
    return null;
  }
}

/** Resident memory (KiB) of a process and its descendants: current RSS and the peak (VmHWM). */
export function memoryKiB(pid) {
  let rss = 0;
  let hwm = 0;
  for (const p of descendants(pid)) {
    try {
      const status = readFileSync(`/proc/${p}/status`, 'utf8');
      rss += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      hwm += Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // Gone.
    }
  }
  return { rss, hwm };
}

/** The fd limit (soft, hard) of this process, which children inherit. */
export function fdLimit() {
  const limits = readFileSync('/proc/self/limits', 'utf8');
  const m = /Max open files\s+(\d+)\s+(\d+)/.exec(limits);
  return m ? { soft: Number(m[1]), hard: Number(m[2]) } : { soft: 1024, hard: 1024 };
}

/**
 * Tries to raise this machine's fd limit to `n` for a child (`prlimit --nofile=n:n true`; without prlimit, the
 * shell's `ulimit -n`), changing nothing for this process: whether the scale workload's largest sizes could run
 * here, and the error when not (an unprivileged raise above the hard limit is EPERM).
 */
export function tryRaiseFdLimit(n) {
  const hasPrlimit = spawnSync('prlimit', ['--version'], { encoding: 'utf8' }).status === 0;
  const command = hasPrlimit ? `prlimit --nofile=${n}:${n} true` : `sh -c 'ulimit -n ${n}'`;
  const run = hasPrlimit
    ? spawnSync('prlimit', [`--nofile=${n}:${n}`, 'true'], { encoding: 'utf8' })
    : spawnSync('sh', ['-c', `ulimit -n ${n}`], { encoding: 'utf8' });
  const error = `${run.stderr ?? ''}`.trim() || (run.error ? String(run.error.message) : '');
  return { command, ok: run.status === 0, ...(run.status === 0 ? {} : { error: error || `exit ${run.status}` }) };
}

/**
 * The pid of the process listening on TCP `port` on this machine (`ss -ltnpH`), or null when none is seen or `ss`
 * cannot name it (another user's process without the rights to read it): how (f) finds PostgreSQL and Redis.
 */
export function listenerPid(port) {
  const run = spawnSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(run.stdout ?? '')?.[1];
  return pid ? Number(pid) : null;
}

/**
 * Proportional set size (KiB) of a process and its descendants (`Pss` in /proc/<pid>/smaps_rollup): each shared page
 * counted once over them, as PostgreSQL's backends share its buffers (their RSS summed would count them in each).
 * Null when a process's smaps cannot be read.
 */
export function pssKiB(pid) {
  let pss = 0;
  for (const p of descendants(pid)) {
    try {
      pss += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch (error) {
      if (p === pid) return null;
      // A backend ended while we looked.
    }
  }
  return pss;
}

/** How many file descriptors a process holds open now (/proc/<pid>/fd), or null when it cannot be read. */
export function openFds(pid) {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return null;
  }
}
