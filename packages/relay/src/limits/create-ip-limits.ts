import type { Bus } from '../bus/bus.js';
import { isClusterBus } from '../bus/cluster.js';
import type { RelayConfig } from '../config.js';
import { LocalIpLimits, type IpLimits } from './ip-limits.js';
import { SharedIpLimits } from './shared-ip-limits.js';

/** The relay's per-address limits: shared through Redis with a shared bus, in memory otherwise. */
export function createIpLimits(config: RelayConfig, bus: Bus): IpLimits {
  return isClusterBus(bus) ? new SharedIpLimits(config, bus) : new LocalIpLimits(config);
}
