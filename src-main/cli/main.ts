// Entry point of the `herald` command line.
import { createLineLogger, toLogFormat } from '../core/base/log';
import { parseCli, USAGE, UsageError } from './args';
import { diagnose, formatReport } from './diagnose';
import { listen } from './listen';
import { resolvePassword } from './password';
import { send } from './send';

async function main(argv: readonly string[]): Promise<number> {
  const args = parseCli(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const logger = createLineLogger(
    (line) => process.stderr.write(`${line}\n`),
    args.verbose ? 'debug' : 'info',
  );
  const writeLine = (line: string): void => void process.stdout.write(`${line}\n`);
  switch (args.command) {
    case 'listen': {
      const password = await resolvePassword(args.password, process.env, process.stdin);
      const stopSignal = new Promise<string>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      return listen(args, password, { writeLine, logger, stopSignal });
    }
    case 'send':
      return send(
        args,
        await resolvePassword(args.password, process.env, process.stdin),
        writeLine,
      );
    case 'diagnose': {
      const password = args.user
        ? await resolvePassword(args.password, process.env, process.stdin)
        : undefined;
      const checks = await diagnose(args, password);
      writeLine(formatReport(args.hub, checks));
      return checks.some((c) => c.outcome === 'fail') ? 1 : 0;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Open sockets of a stopped connection must not keep the process alive.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`herald: ${error.message}\n\n${USAGE}\n`);
    else
      process.stderr.write(
        `herald: ${error instanceof Error ? error.message : toLogFormat(error)}\n`,
      );
    process.exitCode = 2;
  },
);
