import { describe, expect, it } from 'vitest';
import { loadConfig, redactConfig } from './config.js';
import { ConfigError } from './errors.js';

describe('loadConfig', () => {
  it('gives documented defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config.kafka.brokers).toEqual(['127.0.0.1:19092']);
    expect(config.kafka.topics.raw).toBe('ton.transactions.v1');
    expect(config.log.level).toBe('info');
  });

  it('maps environment variables onto typed values', () => {
    const config = loadConfig({
      KAFKA_BROKERS: 'a:9092, b:9093',
      DATABASE_URL: 'postgres://u:p@h:5432/db',
      TON_ENDPOINTS: 'http://x/api/v2/jsonRPC,http://y/api/v2/jsonRPC',
      TON_RPS: '10',
      METRICS_PORT: '9464',
    });
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9093']);
    expect(config.ton.endpoints).toHaveLength(2);
    expect(config.ton.rps).toBe(10);
    expect(config.metrics.port).toBe(9464);
  });

  it('lets CLI overrides win over the environment', () => {
    expect(loadConfig({ LOG_LEVEL: 'warn' }, { overrides: { log: { level: 'debug' } } }).log.level).toBe(
      'debug',
    );
  });

  it('rejects an unknown key naming it', () => {
    expect(() => loadConfig({ TONSTREAM_BROKERZ: 'x' })).toThrow(
      /unknown configuration key TONSTREAM_BROKERZ/,
    );
    expect(() => loadConfig({}, { file: { kafka: { brokerz: 'x' } } as never })).toThrow(
      /unknown configuration key kafka\.brokerz/,
    );
  });

  it('rejects a bad port naming the variable', () => {
    expect(() => loadConfig({ KAFKA_BROKERS: 'localhost:99999' })).toThrow(
      /KAFKA_BROKERS \(kafka\.brokers\): broker port/,
    );
    expect(() => loadConfig({ METRICS_PORT: 'abc' })).toThrow(ConfigError);
  });

  it('names the allowed values of an enum', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(
      /LOG_LEVEL \(log\.level\).*fatal, error, warn, info, debug, trace, silent/,
    );
  });

  it('rejects a URL of the wrong scheme', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(
      /DATABASE_URL \(postgres\.url\): must be a URL with scheme postgres or postgresql/,
    );
  });

  it('masks secrets when printed', () => {
    const shown = redactConfig(loadConfig({ DATABASE_URL: 'postgres://u:secret@h/db', TON_API_KEY: 'k' }));
    expect(JSON.stringify(shown)).not.toContain('secret');
    expect(shown.ton.apiKey).toBe('***');
  });

  it('prefixes topics and selects the ClickHouse database by namespace; the default keeps plain names', () => {
    expect(loadConfig({}).kafka.topics.raw).toBe('ton.transactions.v1');
    const ns = loadConfig({ TONSTREAM_NAMESPACE: 'blue' });
    expect(ns.kafka.topics).toEqual({
      raw: 'blue.ton.transactions.v1',
      rawDlq: 'blue.ton.transactions.v1.dlq',
      events: 'blue.tonsurance.events.v1',
      alerts: 'blue.tonsurance.alerts.v1',
    });
    expect(ns.clickhouse.database).toBe('blue');
    expect(loadConfig({ TONSTREAM_NAMESPACE: 'blue', CLICKHOUSE_DATABASE: 'hist' }).clickhouse.database).toBe(
      'hist',
    );
  });
});
