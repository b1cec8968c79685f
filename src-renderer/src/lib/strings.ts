// Every word the user reads, in one place, ready for translation. Plain strings for fixed text,
// functions for text with values; plurals go through Intl.PluralRules, never `n === 1`.

/** The language of these strings; also set as `<html lang>`. */
export const locale = 'en';

/**
 * Dates and numbers follow the system's regional variant of that language (en-GB: 24-hour
 * clock, day before month) and fall back to the language itself.
 */
export const formatLocale: string = (() => {
  const system = typeof navigator === 'undefined' ? undefined : navigator.language;
  return system && new Intl.Locale(system).language === locale ? system : locale;
})();

const pluralRules = new Intl.PluralRules(locale);
const numberFormat = new Intl.NumberFormat(formatLocale);

type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

/** Picks the plural form for `n` and puts the formatted number where `{n}` is. */
function plural(n: number, forms: PluralForms): string {
  const form = forms[pluralRules.select(n)] ?? forms.other;
  return form.replace('{n}', numberFormat.format(n));
}

export const strings = {
  appName: 'Herald',

  nav: {
    label: 'Herald',
    inbox: 'Inbox',
    archived: 'Archived',
    settings: 'Settings',
  },

  signIn: {
    title: 'Sign in to Herald',
    subtitle: 'Use your work account to receive notifications from your organisation.',
    hubUrl: 'Hub address',
    hubUrlHint: 'Your IT team gives you this address, for example https://herald.example.com.',
    hubUrlLocked: (url: string) => `Connecting to ${url}, set by your organisation.`,
    username: 'Username',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    failed: 'Sign-in failed',
    noSecureStorage:
      'Herald cannot store your session securely on this computer: no keyring (such as GNOME Keyring or KWallet) is available, so you’ll need to sign in each time Herald starts.',
    back: 'Back to inbox',
  },

  banner: {
    region: 'Connection status',
    connecting: 'Connecting to your hub…',
    reconnecting: 'Connection lost. Reconnecting…',
    waiting: 'Can’t reach your hub.',
    nextTry: (seconds: number) =>
      seconds <= 0
        ? 'Trying again now…'
        : plural(seconds, { one: 'Next try in {n} s.', other: 'Next try in {n} s.' }),
    retryNow: 'Retry now',
    offline: 'You’re offline. Herald will reconnect when the network is back.',
    signedOut: 'Your session has ended. Sign in again to keep receiving notifications.',
    signIn: 'Sign in',
    gap: 'Some notifications may have been missed while Herald was away. Older messages may be missing from your inbox.',
    dismiss: 'Dismiss',
    reason: (reason: string) => `Details: ${reason}`,
  },

  dnd: {
    on: 'Do not disturb',
    indicator: 'Notifications arrive silently in your inbox.',
  },

  inbox: {
    region: 'Notifications',
    listLabel: 'Notifications, newest first',
    archivedListLabel: 'Archived notifications, newest first',
    search: 'Search notifications',
    searchPlaceholder: 'Search',
    filters: 'Filters',
    unreadOnly: 'Unread',
    unreadOnlyLabel: 'Show only unread notifications',
    allGroups: 'Any group',
    groupFilter: 'Filter by group',
    allSeverities: 'Any severity',
    severityFilter: 'Filter by severity',
    markAllRead: 'Mark all read',
    unreadCount: (n: number) =>
      n === 0 ? 'No unread' : plural(n, { one: '{n} unread', other: '{n} unread' }),
    loading: 'Loading…',
    emptyTitle: 'You’re all caught up',
    emptyBody: 'New notifications from your organisation will appear here.',
    emptyArchivedTitle: 'Nothing archived',
    emptyArchivedBody: 'Archive notifications you’ve dealt with to keep your inbox tidy.',
    noMatchesTitle: 'No matching notifications',
    noMatchesBody: 'Try other words or clear the filters.',
    clearFilters: 'Clear filters',
    unread: 'Unread',
    keyboardHelp:
      'Use the arrow keys or J and K to move, Enter to open, R to mark read or unread, A to archive, Delete to delete.',
    needsAck: 'To acknowledge',
  },

  severity: {
    label: 'Severity',
    info: 'Info',
    warning: 'Warning',
    critical: 'Critical',
  },

  target: {
    user: 'To you',
    everyone: 'Everyone',
    device: 'To this device',
    group: (name: string) => `Group: ${name}`,
    groups: (names: string) => `Groups: ${names}`,
  },

  detail: {
    region: 'Notification',
    none: 'Select a notification to read it',
    noneHint: 'Use the arrow keys to move through the list and Enter to open.',
    from: 'From',
    sent: 'Sent',
    why: 'Why you got this',
    tags: 'Tags',
    expired: 'Expired',
    expiresLabel: 'Expires',
    openLink: 'Open link',
    openLinkIn: (host: string) => `Open ${host}`,
    openLinkTitle: (url: string) => `Opens ${url} in your browser`,
    actions: 'Actions',
    acknowledge: 'Acknowledge',
    acknowledged: 'Acknowledged',
    ackRequired: 'The sender asked you to acknowledge this notification.',
    markRead: 'Mark read',
    markUnread: 'Mark unread',
    archive: 'Archive',
    unarchive: 'Move to inbox',
    delete: 'Delete',
    close: 'Close',
    emptyBody: 'No message.',
    notFound: 'This notification is no longer in your inbox.',
  },

  confirmDelete: {
    title: 'Delete this notification?',
    body: (title: string) =>
      `“${title}” will be removed from your inbox on this computer. This can’t be undone.`,
    confirm: 'Delete',
    cancel: 'Cancel',
  },

  settings: {
    title: 'Settings',
    lockedByOrg: 'Set by your organisation',
    problems: 'Some settings could not be applied:',

    notifications: 'Notifications',
    notificationsHint:
      'Choose when Herald shows a notification on your desktop. Everything always reaches your inbox.',
    dnd: 'Do not disturb',
    dndOff: 'Off',
    dndOn: 'On',
    dndHour: 'For 1 hour',
    dndUntil: (time: string) => `On until ${time}`,
    criticalBypassesDnd: 'Critical notifications still appear during Do not disturb',
    minimumSeverity: 'Show desktop notifications for',
    minimumSeverityInfo: 'All notifications',
    minimumSeverityWarning: 'Warnings and critical only',
    minimumSeverityCritical: 'Critical only',
    sound: 'Play a sound',
    criticalSound: 'Play a sound for critical notifications',

    quietHours: 'Quiet hours',
    quietHoursHint: 'Notifications go silently to your inbox during these hours.',
    quietHoursEnabled: 'Use quiet hours',
    quietStart: 'From',
    quietEnd: 'To',
    quietDays: 'On',
    criticalBypassesQuiet: 'Critical notifications still appear during quiet hours',

    groups: 'Groups',
    groupsHint: 'Subscribe to the teams and topics you want to hear from.',
    groupsEmpty: 'Your hub offers no groups.',
    groupsUnavailable: 'Groups appear here once Herald is connected.',
    subscribe: (name: string) => `Subscribe to ${name}`,
    mute: 'Mute',
    muteLabel: (name: string) => `Mute desktop notifications from ${name}`,
    required: 'Required by your organisation',
    statePending: 'Joining…',
    refusedReason: (reason: string) => `Not available: ${reason}`,

    appearance: 'Appearance',
    theme: 'Theme',
    themeSystem: 'Match system',
    themeLight: 'Light',
    themeDark: 'Dark',

    general: 'General',
    startAtLogin: 'Open Herald when you sign in to your computer',
    retention: 'Keep notifications for',
    retentionDays: (n: number) => plural(n, { one: '{n} day', other: '{n} days' }),

    account: 'Account',
    signedInAs: (name: string) => `Signed in as ${name}`,
    hub: (url: string) => `Hub: ${url}`,
    signOut: 'Sign out',

    help: 'Help',
    openLogFolder: 'Open log folder',
    about: 'About Herald',
    version: (v: string) => `Version ${v}`,
    versions: (v: {
      electron: string | null;
      chrome: string | null;
      node: string;
      platform: string;
    }) =>
      [
        v.electron && `Electron ${v.electron}`,
        v.chrome && `Chromium ${v.chrome}`,
        `Node.js ${v.node}`,
        v.platform,
      ]
        .filter(Boolean)
        .join(' · '),
  },

  weekdays: {
    /** Short names Sunday = 0 … Saturday = 6, from the locale. */
    short: (day: number) =>
      new Intl.DateTimeFormat(formatLocale, { weekday: 'short', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2023, 0, 1 + day)),
      ),
    long: (day: number) =>
      new Intl.DateTimeFormat(formatLocale, { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2023, 0, 1 + day)),
      ),
  },

  notices: {
    region: 'Messages',
    loadFailed: 'Herald could not load its state',
    error: 'Error',
    dismiss: 'Dismiss message',
    actionFailed: (what: string) => `${what} failed`,
  },

  time: {
    justNow: 'just now',
  },
} as const;

/** A short count for badges: 1 234, and 9 999+ beyond. */
export function badgeCount(n: number): string {
  return n > 9999 ? `${numberFormat.format(9999)}+` : numberFormat.format(n);
}
