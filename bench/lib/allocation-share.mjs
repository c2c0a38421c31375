// What a sampling heap profile (`HeapProfiler.stopSampling`'s `profile`, bench/lib/heap-sample.mjs) says allocated the
// bytes: by function, its own allocations (self) and everything under it (inclusive, a function counted once per stack
// however often it recurs). For bench/diagnostics/callgrind-b.mjs's `--heap-sample`.
import { frameName } from './profile.mjs';

/** A frame as the shares name it: the function and where it is. */
const nameOf = (callFrame) => {
  const { name, where } = frameName(callFrame);
  return `${name} ${where}`;
};

/**
 * The profile's bytes in all, and the `top` functions by bytes allocated in them (`self`) and under them
 * (`inclusive`), each as [name, bytes], largest first.
 */
export function allocationShares(profile, top = 20) {
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  /** Walks `node` below `stack` (the names above it) and returns the bytes at and under it. */
  const walk = (node, stack) => {
    const name = nameOf(node.callFrame);
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    total += node.selfSize;
    const recurs = stack.has(name);
    if (!recurs) stack.add(name);
    let under = node.selfSize;
    for (const child of node.children ?? []) under += walk(child, stack);
    if (!recurs) {
      stack.delete(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + under);
    }
    return under;
  };
  walk(profile.head, new Set());
  const largest = (map) =>
    [...map]
      .filter(([, bytes]) => bytes > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top);
  return { total, self: largest(self), inclusive: largest(inclusive) };
}
