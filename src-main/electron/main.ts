// The composition root of the desktop app: Electron's pieces wired to the AppController.
// Everything with behaviour lives in adapters/ (no Electron there, tested under Node);
// the files importing 'electron' are this one and bind/.
import path from 'node:path';
import { app, dialog, Menu, net, powerMonitor, session, type WebContents } from 'electron';
import { AppController } from '../core/app/app-controller';
import { DisposableStore, toDisposable } from '../core/base/lifecycle';
import { drop, type Logger } from '../core/base/log';
import { loadMachinePolicy, machinePolicyPath } from '../core/settings/policy-paths';
import { createIpcRouter } from '../ipc/router';
import { APP_HOST, APP_ID, APP_SCHEME, PRODUCT_NAME, RENDERER_PAGE_URL } from './app-identity';
import { installGlobalErrorHandler } from './adapters/error-handler';
import {
  launchedAtLogin,
  shouldShowForSecondInstance,
  shouldStartHidden,
} from './adapters/launch-options';
import { NetworkWatcher } from './adapters/network-watcher';
import { forwardWakeEvents, type PowerEvents } from './adapters/power-events';
import { RendererEvents } from './adapters/renderer-events';
import { ToastNotifier } from './adapters/toast-notifier';
import { ToastPresenter } from './adapters/toast-presenter';
import { TrayService } from './adapters/tray-service';
import { createTrustedSenderCheck } from './adapters/trusted-sender';
import { isSameServer, parseUrl } from './adapters/url-parts';
import { contentSecurityPolicy, createRequestFilter } from './adapters/web-security';
import { registerAppScheme, serveRenderer } from './bind/app-protocol';
import { guardSession, hardenWebContents } from './bind/hardening';
import { registerIpc } from './bind/ipc';
import { setUpLogging } from './bind/logging';
import { MainWindow } from './bind/main-window';
import { createElectronPlatform, openExternal } from './bind/platform';
import { ElectronToastDisplay } from './bind/toast-display';
import { ElectronTrayView } from './bind/tray-view';

const outDir = path.join(import.meta.dirname, '..');
const paths = {
  preload: path.join(outDir, 'preload', 'index.cjs'),
  renderer: path.join(outDir, 'renderer'),
  /** Tray images and the Linux icon: extraResources when packaged, assets/ in development. */
  resources: app.isPackaged ? process.resourcesPath : path.join(app.getAppPath(), 'assets'),
};
/** electron-vite's dev server. Never honoured in a packaged app: an environment variable must not decide what the window loads. */
const devServerUrl = app.isPackaged ? null : (process.env['ELECTRON_RENDERER_URL'] ?? null);

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another Herald runs; it got our argv through 'second-instance' and shows its window.
  app.quit();
} else {
  start();
}

function start(): void {
  app.setAppUserModelId(APP_ID);
  const { logger, logFile } = setUpLogging();
  installGlobalErrorHandler(process, logger.child('process'));
  logger.info(
    `${PRODUCT_NAME} ${app.getVersion()} starting (${process.platform}, Electron ${process.versions.electron})`,
  );

  app.on('web-contents-created', (_event, contents) =>
    hardenWebContents(contents, {
      openExternal: (url) => drop(openExternal(url), logger, 'opening a link'),
      logger: logger.child('web'),
    }),
  );
  // Closing the window hides it; Herald lives in the tray until Quit.
  app.on('window-all-closed', () => undefined);
  app.on('child-process-gone', (_event, details) =>
    logger.warn(`child process gone: ${details.type} ${details.reason}`),
  );

  app
    .whenReady()
    .then(() => boot(logger, logFile))
    .catch((error: unknown) => {
      logger.error('start-up failed:', error);
      dialog.showErrorBox(
        `${PRODUCT_NAME} could not start`,
        `${error instanceof Error ? error.message : String(error)}\n\nThe log is in ${path.dirname(logFile)}.`,
      );
      app.exit(1);
    });
}

async function boot(logger: Logger, logFile: string): Promise<void> {
  const disposables = new DisposableStore();
  const csp = contentSecurityPolicy(devServerUrl);
  const devServer = devServerUrl ? parseUrl(devServerUrl) : null;

  serveRenderer(session.defaultSession, {
    rendererDir: paths.renderer,
    contentSecurityPolicy: csp,
    logger: logger.child('protocol'),
  });
  guardSession(session.defaultSession, {
    isAllowedRequest: createRequestFilter({
      appScheme: APP_SCHEME,
      appHost: APP_HOST,
      devServerUrl,
      allowDevTools: !app.isPackaged,
    }),
    contentSecurityPolicy: csp,
    isDevServerUrl: (url) => {
      const parsed = parseUrl(url);
      return devServer !== null && parsed !== null && isSameServer(parsed, devServer);
    },
    logger: logger.child('session'),
  });
  Menu.setApplicationMenu(
    process.platform === 'darwin'
      ? Menu.buildFromTemplate([{ role: 'appMenu' }, { role: 'editMenu' }, { role: 'windowMenu' }])
      : null,
  );

  const rendererEvents = new RendererEvents();
  const linuxIcon =
    process.platform === 'linux' ? path.join(paths.resources, 'icon.png') : undefined;
  const window = new MainWindow({
    preloadPath: paths.preload,
    url: devServerUrl ?? RENDERER_PAGE_URL,
    iconPath: linuxIcon,
    devTools: !app.isPackaged,
    logger: logger.child('window'),
    onPageReady: (contents: WebContents) => rendererEvents.attach(contents),
    onPageGone: () => rendererEvents.detach(),
  });
  app.on('second-instance', (_event, argv) => {
    if (shouldShowForSecondInstance(argv)) window.show();
  });
  app.on('activate', () => window.show());
  app.on('before-quit', () => window.allowClose());
  // Quit waits for the session to stop and the inbox to flush, then disposes everything else.
  let quitting: Promise<void> | undefined;
  app.on('will-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = (late.controller?.shutdown() ?? Promise.resolve())
      .catch((error: unknown) => logger.error('shutdown failed:', error))
      .finally(() => {
        disposables.dispose();
        app.quit();
      });
  });

  // The controller is created after the platform it needs; toasts only fire once it exists.
  const late: { controller?: AppController } = {};
  const toastLogger = logger.child('toast');
  const presenter = new ToastPresenter({
    platform: process.platform,
    commands: {
      reveal: (id) => {
        window.show();
        late.controller?.reveal(id);
      },
      showInbox: () => window.show(),
      acknowledge: (id) => late.controller?.acknowledge(id),
      openExternal: (url) => drop(openExternal(url), toastLogger, 'opening a link'),
    },
  });
  const notifier = new ToastNotifier(
    presenter,
    new ElectronToastDisplay({ iconPath: linuxIcon, logger: toastLogger }),
    toastLogger,
  );

  const { policy, problems } = await loadMachinePolicy(
    machinePolicyPath(process.platform, process.env),
  );
  for (const problem of problems) logger.warn(`machine policy: ${problem}`);
  const platform = createElectronPlatform({ notifier, logFile });
  const core = await AppController.create({
    dataDir: app.getPath('userData'),
    platform,
    policy,
    policyProblems: problems,
    logger: logger.child('app'),
  });
  late.controller = core;

  const router = createIpcRouter(core.handlers, {
    isTrustedSender: createTrustedSenderCheck({ rendererUrl: RENDERER_PAGE_URL, devServerUrl }),
    logger: logger.child('ipc'),
  });
  disposables.add(registerIpc(router));
  disposables.add(core.onEvent((event) => rendererEvents.send(event)));

  const trayView = disposables.add(
    new ElectronTrayView({
      imageDir: path.join(paths.resources, 'tray'),
      platform: process.platform,
      logger: logger.child('tray'),
    }),
  );
  disposables.add(
    new TrayService({
      view: trayView,
      source: {
        snapshot: () => core.snapshot(),
        doNotDisturb: () => core.settings.doNotDisturb,
        onDidChangeStatus: core.onDidChangeStatus,
      },
      actions: {
        openInbox: () => window.show(),
        setDoNotDisturb: (choice) => core.setDoNotDisturb(choice),
        quit: () => app.quit(),
      },
      logger: logger.child('tray'),
    }),
  );

  const network = disposables.add(
    new NetworkWatcher({
      isOnline: () => net.isOnline(),
      onChange: (online) => core.setNetworkAvailable(online),
      logger: logger.child('network'),
    }),
  );
  network.start();
  // powerMonitor's typings are one overload per event; the adapter wants one signature.
  const power: PowerEvents = {
    on: (event, listener) => powerMonitor.on(event as 'resume', listener),
    removeListener: (event, listener) => powerMonitor.removeListener(event as 'resume', listener),
  };
  disposables.add(
    forwardWakeEvents(power, {
      nudge: (reason) => {
        network.checkNow();
        core.nudge(reason);
      },
    }),
  );
  const onShutdown = (): void => {
    window.allowClose();
    app.quit();
  };
  powerMonitor.on('shutdown', onShutdown);
  disposables.add(toDisposable(() => powerMonitor.removeListener('shutdown', onShutdown)));

  // Development runs must not register the bare Electron binary as a login item.
  if (app.isPackaged) {
    drop(
      platform.loginItem.setEnabled(core.settings.startAtLogin),
      logger,
      'updating the login item',
    );
  }

  const wasOpenedAtLogin =
    process.platform === 'darwin' ? app.getLoginItemSettings().wasOpenedAtLogin : undefined;
  const facts = { argv: process.argv, wasOpenedAtLogin, signedIn: core.snapshot().signedIn };
  if (shouldStartHidden(facts)) logger.info('started at login: staying in the tray');
  else {
    if (launchedAtLogin(facts)) logger.info('started at login while signed out: showing sign-in');
    window.show();
  }
}
