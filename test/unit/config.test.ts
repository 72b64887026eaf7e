// The settings rules: each reader's default, clamping and warnings, on a fake configuration.
import * as assert from 'node:assert/strict';
import { affectedSettings, Config, describePolling, type ConfigurationSource } from '../../src/config';
import { DEFAULT_LOG_OPTIONS } from '../../src/model/logOptions';

/** Settings as VS Code would hold them, keyed by full name (`dockerSwarm.logs.tail`). */
function configWith(values: Record<string, unknown>): { config: Config; warnings: string[]; reads: string[] } {
  const warnings: string[] = [];
  const reads: string[] = [];
  const source = ((section: string) => ({
    get: (key: string, fallback?: unknown) => {
      const name = `${section}.${key}`;
      reads.push(name);
      return name in values ? values[name] : fallback;
    },
  })) as unknown as ConfigurationSource;
  return { config: new Config(source, { warn: (m) => warnings.push(m) }), warnings, reads };
}

describe('settings', () => {
  describe('deploy.resolveImage', () => {
    it('defaults to always, as the CLI', () => assert.equal(configWith({}).config.resolveImage(), 'always'));
    it('takes changed and never', () => {
      assert.equal(configWith({ 'dockerSwarm.deploy.resolveImage': 'changed' }).config.resolveImage(), 'changed');
      assert.equal(configWith({ 'dockerSwarm.deploy.resolveImage': 'never' }).config.resolveImage(), 'never');
    });
    it('anything else is warned about and read as always', () => {
      const { config, warnings } = configWith({ 'dockerSwarm.deploy.resolveImage': 'sometimes' });
      assert.equal(config.resolveImage(), 'always');
      assert.match(warnings.join('\n'), /"sometimes" is not one of always, changed, never/);
    });
  });

  describe('refreshInterval → poll ms', () => {
    const poll = (v: unknown) => configWith(v === undefined ? {} : { 'dockerSwarm.refreshInterval': v }).config.pollMs();

    it('defaults to 30 s', () => assert.equal(poll(undefined), 30_000));
    it('0 and negatives turn the poll off', () => {
      assert.equal(poll(0), 0);
      assert.equal(poll(-3), 0);
    });
    it('is at least 5 s', () => {
      assert.equal(poll(1), 5_000);
      assert.equal(poll(4.9), 5_000);
      assert.equal(poll(5), 5_000);
      assert.equal(poll(12.5), 12_500);
    });
    it('anything not a number turns it off', () => {
      assert.equal(poll('soon'), 0);
      assert.equal(poll(null), 0);
      assert.equal(poll('20'), 20_000, 'a numeric string is read as its number');
    });
    it('the log line for each case', () => {
      assert.equal(describePolling(0), 'Services view: polling off (events and Refresh only)');
      assert.equal(describePolling(5_000), 'Services view: polling every 5 s besides the event stream');
      assert.equal(describePolling(12_500), 'Services view: polling every 12.5 s besides the event stream');
    });
  });

  describe('logs.maxRate → characters a second', () => {
    const rate = (v: unknown) => configWith(v === undefined ? {} : { 'dockerSwarm.logs.maxRate': v }).config.logMaxRate();
    const MB = 2 ** 20;

    it('defaults to 2 MB/s', () => assert.equal(rate(undefined), 2 * MB));
    it('0 turns the limit off', () => assert.equal(rate(0), 0));
    it('is at least 0.1 MB/s', () => {
      assert.equal(rate(0.01), 0.1 * MB);
      assert.equal(rate(0.5), 0.5 * MB);
    });
    it('anything else not a positive number falls back to 2 MB/s', () => {
      assert.equal(rate(-1), 2 * MB);
      assert.equal(rate('fast'), 2 * MB);
      assert.equal(rate(Infinity), 2 * MB);
    });
  });

  describe('log options', () => {
    it('defaults are the documented ones, without a warning', () => {
      const { config, warnings } = configWith({});
      assert.deepEqual(config.logOptions(), DEFAULT_LOG_OPTIONS);
      assert.deepEqual(warnings, []);
    });

    it('reads each boolean, tail as a number or "all", since as a time', () => {
      const { config, warnings } = configWith({
        'dockerSwarm.logs.follow': false,
        'dockerSwarm.logs.timestamps': true,
        'dockerSwarm.logs.stdout': false,
        'dockerSwarm.logs.stderr': true,
        'dockerSwarm.logs.details': true,
        'dockerSwarm.logs.tail': 'all',
        'dockerSwarm.logs.since': '1700000000',
      });
      assert.deepEqual(config.logOptions(), { follow: false, timestamps: true, stdout: false, stderr: true, details: true, tail: 'all', since: 1700000000 });
      assert.deepEqual(warnings, []);
      assert.equal(configWith({ 'dockerSwarm.logs.tail': 25 }).config.logOptions().tail, 25);
    });

    it('an unusable tail is warned about and the default used', () => {
      const { config, warnings } = configWith({ 'dockerSwarm.logs.tail': 'lots' });
      assert.equal(config.logOptions().tail, 100);
      assert.deepEqual(warnings, ['Setting dockerSwarm.logs.tail: Enter a whole number of lines per task, or "all". Using 100.']);
    });

    it('an unusable since is warned about and ignored', () => {
      const { config, warnings } = configWith({ 'dockerSwarm.logs.since': 'yesterday-ish' });
      assert.equal('since' in config.logOptions(), false);
      assert.deepEqual(warnings, [
        'Setting dockerSwarm.logs.since: Use a duration such as 10m or 1h30m, an RFC 3339 time such as 2026-01-02T15:04:05Z, or Unix seconds. Ignoring it.',
      ]);
    });

    it('an empty since means no limit, without a warning', () => {
      const { config, warnings } = configWith({ 'dockerSwarm.logs.since': '' });
      assert.equal('since' in config.logOptions(), false);
      assert.deepEqual(warnings, []);
    });
  });

  describe('the other settings', () => {
    it('dockerHost as set (undefined when not), groupByStack and logs.prefix default to on', () => {
      const unset = configWith({}).config;
      assert.equal(unset.dockerHost(), undefined);
      assert.equal(unset.groupByStack(), true);
      assert.equal(unset.logPrefix(), true);
      const set = configWith({ 'dockerSwarm.dockerHost': 'tcp://10.0.0.5:2375', 'dockerSwarm.groupByStack': false, 'dockerSwarm.logs.prefix': false }).config;
      assert.equal(set.dockerHost(), 'tcp://10.0.0.5:2375');
      assert.equal(set.groupByStack(), false);
      assert.equal(set.logPrefix(), false);
    });

    it('each reader reads the setting at call time (a change applies to the next read)', () => {
      const values: Record<string, unknown> = { 'dockerSwarm.refreshInterval': 10 };
      const { config } = configWith(values);
      assert.equal(config.pollMs(), 10_000);
      values['dockerSwarm.refreshInterval'] = 0;
      assert.equal(config.pollMs(), 0);
    });
  });

  describe('which settings a change affects', () => {
    const change = (...names: string[]) => ({ affectsConfiguration: (s: string) => names.some((n) => n === s || n.startsWith(`${s}.`)) });

    it('names each watched setting touched, and nothing else', () => {
      assert.deepEqual([...affectedSettings(change('dockerSwarm.dockerHost'))], ['dockerHost']);
      assert.deepEqual([...affectedSettings(change('dockerSwarm.refreshInterval', 'dockerSwarm.groupByStack'))], ['refreshInterval', 'groupByStack']);
      assert.deepEqual([...affectedSettings(change('dockerSwarm.logs.tail', 'editor.fontSize'))], []);
    });
  });
});
