// The stack file the compose benchmark converts and deploys: 50 services written the way real
// stack files are (image, command, environment, labels, ports, deploy with resources,
// restart_policy, update_config and placement, a healthcheck, volumes, one overlay network,
// secret and config references, an `x-` block merged into every service), all at 0 replicas,
// plus the two local files its secret and config read.

export interface StackFiles {
  /** The compose file's text. */
  text: string;
  /** Paths relative to the compose file's folder, with their content. */
  files: Record<string, string>;
}

function service(i: number, image: string, labels: Record<string, string>): string[] {
  const name = `svc${String(i).padStart(2, '0')}`;
  const label = (indent: string) => Object.entries(labels).map(([k, v]) => `${indent}${k}: "${v}"`);
  return [
    `  ${name}:`,
    '    <<: *defaults',
    `    image: ${image}`,
    `    command: ["sh", "-c", "echo ${name} starting; exec sleep 86400"]`,
    '    environment:',
    `      SERVICE_NAME: ${name}`,
    `      LOG_LEVEL: \${LOG_LEVEL:-info}`,
    `      UPSTREAM: http://svc${String((i + 1) % 50).padStart(2, '0')}:8080`,
    '      FEATURE_FLAGS: "a,b,c"',
    '    labels:',
    `      com.example.team: team-${i % 5}`,
    `      com.example.service: ${name}`,
    '    ports:',
    '      - target: 8080',
    '        protocol: tcp',
    '        mode: ingress',
    '    deploy:',
    '      mode: replicated',
    '      replicas: 0',
    '      labels:',
    `        com.example.tier: tier-${i % 3}`,
    ...label('        '),
    '      resources:',
    '        limits:',
    "          cpus: '0.50'",
    '          memory: 256M',
    '        reservations:',
    "          cpus: '0.05'",
    '          memory: 32M',
    '      restart_policy:',
    '        condition: on-failure',
    '        delay: 5s',
    '        max_attempts: 3',
    '        window: 120s',
    '      update_config:',
    '        parallelism: 2',
    '        delay: 10s',
    '        failure_action: rollback',
    '        order: start-first',
    '      placement:',
    '        constraints:',
    '          - node.role == manager',
    '        preferences:',
    '          - spread: node.id',
    '    healthcheck:',
    '      test: ["CMD-SHELL", "test -f /tmp/ready || exit 1"]',
    '      interval: 30s',
    '      timeout: 5s',
    '      retries: 3',
    '      start_period: 10s',
    '    volumes:',
    '      - data:/var/lib/app',
    '      - type: tmpfs',
    '        target: /tmp/cache',
    '        tmpfs:',
    '          size: 16000000',
    '    networks:',
    '      backend:',
    '        aliases:',
    `          - ${name}-alias`,
    '    secrets:',
    '      - source: api_key',
    '        target: api.key',
    "        mode: 0400",
    '    configs:',
    '      - source: app_conf',
    '        target: /etc/app.conf',
  ];
}

/**
 * `labels` go on every service (the bench labels its services with its run id, so its cleanup
 * finds them).
 */
export function stackFile(services: number, image: string, labels: Record<string, string> = {}): StackFiles {
  const lines = [
    'version: "3.8"',
    '',
    'x-defaults: &defaults',
    '  stop_grace_period: 5s',
    '  logging:',
    '    driver: json-file',
    '    options:',
    '      max-size: 10m',
    "      max-file: '3'",
    '',
    'services:',
  ];
  for (let i = 0; i < services; i++) lines.push(...service(i, image, labels));
  lines.push(
    '',
    'networks:',
    '  backend:',
    '    driver: overlay',
    '    labels:',
    '      com.example.network: backend',
    '',
    'volumes:',
    '  data:',
    '    driver: local',
    '',
    'secrets:',
    '  api_key:',
    '    file: ./secrets/api.key',
    '',
    'configs:',
    '  app_conf:',
    '    file: ./app.conf',
    '',
  );
  return {
    text: lines.join('\n'),
    files: { 'secrets/api.key': 'not-a-real-key\n', 'app.conf': 'listen = 8080\nworkers = 4\n' },
  };
}
