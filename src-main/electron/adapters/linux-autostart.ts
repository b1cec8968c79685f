// Start at login on Linux (and other freedesktop systems): an XDG autostart entry,
// `$XDG_CONFIG_HOME/autostart/herald.desktop`.
// https://specifications.freedesktop.org/autostart-spec/latest/
import { promises as nodeFs } from 'node:fs';
import path from 'node:path';
import { HIDDEN_ARG, PRODUCT_NAME } from '../app-identity';

export const AUTOSTART_FILE_NAME = 'herald.desktop';

export type AutostartFs = Pick<typeof nodeFs, 'mkdir' | 'writeFile' | 'rename' | 'rm' | 'readFile'>;

export interface LinuxAutostartOptions {
  env: Record<string, string | undefined>;
  homeDir: string;
  /** `process.execPath`. */
  execPath: string;
  fs?: AutostartFs;
}

/** `$XDG_CONFIG_HOME/autostart`; the spec says a relative XDG_CONFIG_HOME is ignored. */
export function autostartDir(env: Record<string, string | undefined>, homeDir: string): string {
  const configured = env['XDG_CONFIG_HOME'];
  const configHome =
    configured && path.posix.isAbsolute(configured)
      ? configured
      : path.posix.join(homeDir, '.config');
  return path.posix.join(configHome, 'autostart');
}

/**
 * What to start. An AppImage runs from a fresh temporary mount each time, so its
 * `process.execPath` is gone after exit: the AppImage file itself (`$APPIMAGE`) is started.
 */
export function autostartExecutable(
  execPath: string,
  env: Record<string, string | undefined>,
): string {
  const appImage = env['APPIMAGE'];
  return appImage && path.posix.isAbsolute(appImage) ? appImage : execPath;
}

/**
 * One Exec argument, quoted by the Desktop Entry rules: inside double quotes, `"`, `` ` ``, `$`
 * and `\` take a backslash; then, as the key's value is a string, every backslash is doubled;
 * `%` is written `%%` so it is not a field code.
 * https://specifications.freedesktop.org/desktop-entry-spec/latest/exec-variables.html
 */
export function quoteExecArgument(argument: string): string {
  if (/[\n\r\t]/.test(argument))
    throw new Error('An autostart command may not contain line breaks or tabs.');
  const quoted = `"${argument.replace(/["`$\\]/g, (c) => `\\${c}`)}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function desktopEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${PRODUCT_NAME}`,
    'Comment=Desktop notifications from your organisation',
    `Exec=${quoteExecArgument(executable)} ${HIDDEN_ARG}`,
    'Icon=herald',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export class LinuxAutostart {
  readonly filePath: string;
  readonly #executable: string;
  readonly #fs: AutostartFs;

  constructor(options: LinuxAutostartOptions) {
    this.filePath = path.posix.join(
      autostartDir(options.env, options.homeDir),
      AUTOSTART_FILE_NAME,
    );
    this.#executable = autostartExecutable(options.execPath, options.env);
    this.#fs = options.fs ?? nodeFs;
  }

  /** Writes the entry (atomically: a half-written file would be a broken login item). */
  async enable(): Promise<void> {
    await this.#fs.mkdir(path.posix.dirname(this.filePath), { recursive: true });
    const temporary = `${this.filePath}.${process.pid}.tmp`;
    await this.#fs.writeFile(temporary, desktopEntry(this.#executable), { mode: 0o644 });
    await this.#fs.rename(temporary, this.filePath);
  }

  /** Removes the entry; nothing to remove is fine. */
  async disable(): Promise<void> {
    await this.#fs.rm(this.filePath, { force: true });
  }

  async isEnabled(): Promise<boolean> {
    try {
      await this.#fs.readFile(this.filePath, 'utf8');
      return true;
    } catch {
      return false;
    }
  }
}
