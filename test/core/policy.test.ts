// IT's machine policy: read field by field, never fatal, found where each OS keeps such files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { emptyMachinePolicy, parseMachinePolicy } from '../../src-main/core/settings/policy';
import {
  loadMachinePolicy,
  machinePolicyPath,
  type ReadTextFile,
} from '../../src-main/core/settings/policy-paths';

describe('parseMachinePolicy', () => {
  it('reads a complete policy', () => {
    const { policy, problems } = parseMachinePolicy({
      hubUrl: 'https://hub.corp.example',
      mandatoryGroups: ['all-staff'],
      defaultSubscriptions: ['news'],
      settings: { minimumToastSeverity: 'warning' },
      recommended: { theme: 'dark' },
      locked: ['startAtLogin'],
    });
    expect(problems).toEqual([]);
    expect(policy).toEqual({
      hubUrl: 'https://hub.corp.example',
      mandatoryGroups: ['all-staff'],
      defaultSubscriptions: ['news'],
      settings: { minimumToastSeverity: 'warning' },
      recommended: { theme: 'dark' },
      locked: ['startAtLogin'],
    });
  });

  it('reports a bad setting and still applies the good ones', () => {
    const { policy, problems } = parseMachinePolicy({
      hubUrl: 'https://hub.corp.example',
      settings: { minimumToastSeverity: 'urgent', sound: false },
    });
    expect(problems).toEqual([
      'settings.minimumToastSeverity: must be one of info, warning, critical',
    ]);
    expect(policy.settings).toEqual({ sound: false });
    expect(policy.hubUrl).toBe('https://hub.corp.example');
  });

  it('reports each bad list item and keeps the rest', () => {
    const { policy, problems } = parseMachinePolicy({
      mandatoryGroups: ['all-staff', 'has space', 'all-staff', 'ops'],
      locked: ['theme', 'volume'],
    });
    expect(policy.mandatoryGroups).toEqual(['all-staff', 'ops']);
    expect(policy.locked).toEqual(['theme']);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^mandatoryGroups\[1\]: /);
    expect(problems[1]).toMatch(/^locked\[1\]: must be a setting name/);
  });

  it('ignores a hub URL that is not http(s), with a problem', () => {
    const { policy, problems } = parseMachinePolicy({ hubUrl: 'javascript:alert(1)' });
    expect(policy.hubUrl).toBeUndefined();
    expect(problems).toEqual(['hubUrl: must be an absolute http or https URL']);
  });

  it('reports unknown fields but not $schema or _comments', () => {
    const { problems } = parseMachinePolicy({ $schema: 'x', _note: 'hi', allowEverything: true });
    expect(problems).toEqual(['allowEverything: is not a policy field, ignored']);
  });

  it('gives an empty policy and one problem for text that is not JSON', () => {
    const { policy, problems } = parseMachinePolicy('{ "hubUrl": ');
    expect(policy).toEqual(emptyMachinePolicy());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^policy is not valid JSON/);
  });

  it('reads JSON text saved with a byte-order mark', () => {
    const { policy, problems } = parseMachinePolicy('\uFEFF{"mandatoryGroups":["all-staff"]}');
    expect(problems).toEqual([]);
    expect(policy.mandatoryGroups).toEqual(['all-staff']);
  });

  it.each([[[1, 2]], [42], [null], ['"text"']])('refuses %j as the whole policy', (raw) => {
    const { policy, problems } = parseMachinePolicy(raw);
    expect(policy).toEqual(emptyMachinePolicy());
    expect(problems).toEqual(['(root): must be a JSON object']);
  });

  it('never throws, whatever the file holds', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.string(), fc.object()), (raw) => {
        const { policy, problems } = parseMachinePolicy(raw);
        expect(Array.isArray(problems)).toBe(true);
        expect(Array.isArray(policy.locked)).toBe(true);
      }),
    );
  });
});

describe('machinePolicyPath', () => {
  it('uses %ProgramData% on Windows', () => {
    expect(machinePolicyPath('win32', { ProgramData: 'D:\\PD' })).toBe(
      'D:\\PD\\Herald\\policy.json',
    );
    expect(machinePolicyPath('win32', { PROGRAMDATA: 'E:\\Data' })).toBe(
      'E:\\Data\\Herald\\policy.json',
    );
  });

  it('falls back to C:\\ProgramData when the variable is unset or empty', () => {
    expect(machinePolicyPath('win32', {})).toBe('C:\\ProgramData\\Herald\\policy.json');
    expect(machinePolicyPath('win32', { ProgramData: '' })).toBe(
      'C:\\ProgramData\\Herald\\policy.json',
    );
  });

  it('uses /Library/Application Support on macOS and /etc elsewhere', () => {
    expect(machinePolicyPath('darwin', {})).toBe('/Library/Application Support/Herald/policy.json');
    expect(machinePolicyPath('linux', {})).toBe('/etc/herald/policy.json');
    expect(machinePolicyPath('freebsd', {})).toBe('/etc/herald/policy.json');
  });
});

describe('loadMachinePolicy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'herald-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function failingRead(code: string): ReadTextFile {
    return () => Promise.reject(Object.assign(new Error(`${code}: nope`), { code }));
  }

  it('treats a missing file as no policy and no problem', async () => {
    expect(await loadMachinePolicy(join(dir, 'absent.json'))).toEqual({
      policy: emptyMachinePolicy(),
      problems: [],
    });
  });

  it('reads a policy file from disk', async () => {
    const path = join(dir, 'policy.json');
    writeFileSync(path, JSON.stringify({ hubUrl: 'https://hub.corp.example', locked: ['theme'] }));
    const { policy, problems } = await loadMachinePolicy(path);
    expect(problems).toEqual([]);
    expect(policy.hubUrl).toBe('https://hub.corp.example');
    expect(policy.locked).toEqual(['theme']);
  });

  it('reports a file it cannot read', async () => {
    const { policy, problems } = await loadMachinePolicy('/x/policy.json', failingRead('EACCES'));
    expect(policy).toEqual(emptyMachinePolicy());
    expect(problems).toEqual(['policy file /x/policy.json could not be read: EACCES: nope']);
  });

  it('reports a file that is not JSON', async () => {
    const path = join(dir, 'broken.json');
    writeFileSync(path, 'hubUrl = https://hub');
    const { policy, problems } = await loadMachinePolicy(path);
    expect(policy).toEqual(emptyMachinePolicy());
    expect(problems).toHaveLength(1);
  });

  it('refuses an oversized file', async () => {
    const huge: ReadTextFile = () => Promise.resolve(`{"_": "${'x'.repeat(2 * 1024 * 1024)}"}`);
    const { problems } = await loadMachinePolicy('/x/policy.json', huge);
    expect(problems).toEqual(['policy file /x/policy.json is larger than 1048576 bytes, ignored']);
  });
});
