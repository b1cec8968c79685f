// Where IT puts the machine policy on each OS, and reading it without ever failing start-up.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { emptyMachinePolicy, parseMachinePolicy, type ParsedMachinePolicy } from './policy';

/** A policy file larger than this is refused: real ones are a few hundred bytes. */
export const MAX_POLICY_FILE_BYTES = 1024 * 1024;

/**
 * The machine-wide policy file: a place only administrators can write.
 * - Windows: `%ProgramData%\Herald\policy.json` (`C:\ProgramData` when the variable is unset)
 * - macOS: `/Library/Application Support/Herald/policy.json`
 * - Linux and other Unixes: `/etc/herald/policy.json`
 *
 * @param env the process environment; on Windows its names are case-insensitive, so both
 *   `ProgramData` and `PROGRAMDATA` are looked at.
 */
export function machinePolicyPath(
  platform: NodeJS.Platform,
  env: Record<string, string | undefined>,
): string {
  if (platform === 'win32') {
    const programData = env['ProgramData'] || env['PROGRAMDATA'] || 'C:\\ProgramData';
    return path.win32.join(programData, 'Herald', 'policy.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/Herald/policy.json';
  return '/etc/herald/policy.json';
}

/** The part of `fs.promises.readFile` the loader needs; tests pass their own. */
export type ReadTextFile = (path: string, encoding: 'utf8') => Promise<string>;

function errorCode(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

/**
 * Loads the machine policy. No file is the normal case (no policy, no problem); a file that
 * cannot be read or is not valid JSON gives an empty policy and a problem. Never rejects.
 */
export async function loadMachinePolicy(
  filePath: string,
  readFile: ReadTextFile = fs.readFile,
): Promise<ParsedMachinePolicy> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    const code = errorCode(error);
    // ENOTDIR: a file where the Herald folder should be; still "no policy here".
    if (code === 'ENOENT' || code === 'ENOTDIR')
      return { policy: emptyMachinePolicy(), problems: [] };
    const reason = error instanceof Error ? error.message : String(error);
    return {
      policy: emptyMachinePolicy(),
      problems: [`policy file ${filePath} could not be read: ${reason}`],
    };
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_FILE_BYTES) {
    return {
      policy: emptyMachinePolicy(),
      problems: [`policy file ${filePath} is larger than ${MAX_POLICY_FILE_BYTES} bytes, ignored`],
    };
  }
  return parseMachinePolicy(text);
}
