#!/usr/bin/env node
import { runCli } from './cli/cli.js';

// The `parley-relay` command (bin/parley-relay.js imports this file): `start` by default, or a subcommand.
process.exit(await runCli(process.argv.slice(2), process.env));
