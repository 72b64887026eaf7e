import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { convertService } from '../../../src/compose/convertService';
import type { ConvertContext } from '../../../src/compose/types';

// Every expected spec below is the body CLI 28.2.2 sent to `POST /services/create` for the same
// service (`docker stack deploy --resolve-image never`, captured on the wire, Engine API 1.41),
// with the stack renamed to "st", TaskTemplate.Networks removed (the stack conversion adds it) and
// Go's null/false members of Privileges dropped.

const files: Record<string, string> = {
  'a.env': 'A=from_file\n# comment\n   Cx=  spaced  \nD\nE=\n  \nF="quoted"\nG=x=y\nH=fileval\nMYHOME\n',
  'b.env': 'A=second\nZ=z\n',
  'c.env': 'P=1\nUNSETBARE\nSETBARE\n',
};

export function ctx(env: Record<string, string> = {}, extra: Record<string, string> = {}): ConvertContext {
  const all = { ...files, ...extra };
  return {
    stackName: 'st',
    workingDir: '/work/stack',
    env,
    readFile(p: string): Uint8Array {
      const rel = path.relative('/work/stack', p);
      if (!(rel in all)) throw new Error(`ENOENT: no such file or directory, open '${p}'`);
      return new TextEncoder().encode(all[rel]);
    },
  };
}

/** The spec as JSON would send it (undefined members gone). */
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

interface Case { title: string; key: string; service: Record<string, unknown>; env?: Record<string, string>; sent: unknown }

const cases: Case[] = [
  {
    title: "a minimal service: only what the CLI always sends (Resources, Placement, Privileges, EndpointSpec empty)",
    key: "min",
    service: {"image": "swarm-services-busybox:latest", "deploy": {"replicas": 0}},
    env: {"SETBARE": "sb"},
    sent: {"Name": "st_min", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st"}, "Privileges": {}}, "Resources": {}, "Placement": {}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "EndpointSpec": {}},
  },
  {
    title: "every container key, string command/entrypoint, env list + two env files, short and long ports, legacy restart",
    key: "svc",
    service: {"image": "swarm-services-busybox:latest", "command": "sh -c \"echo 'hello world' && sleep 1\" x\\ y", "entrypoint": "/bin/sh -c", "environment": ["MYHOME", "NOTSET", "EMPTY=", "H=", "HOME=", "K=v=w"], "env_file": ["a.env", "b.env"], "labels": ["a=1", "b"], "hostname": "h1", "user": "1000:1000", "working_dir": "/w", "stop_signal": "SIGUSR1", "stop_grace_period": "1m30s", "init": true, "read_only": true, "tty": true, "stdin_open": true, "cap_add": ["NET_ADMIN", "ALL"], "cap_drop": ["MKNOD"], "ulimits": {"nproc": 65535, "nofile": {"soft": 20000, "hard": 40000}}, "sysctls": ["net.core.somaxconn=1024", "net.ipv4.tcp_syncookies=0"], "extra_hosts": ["somehost:162.242.195.82", "otherhost:50.31.209.229", "v6:::1"], "dns": "8.8.8.8", "dns_search": ["example.com"], "healthcheck": {"test": "curl -f http://localhost", "interval": "1m30s", "timeout": "10s", "retries": 3, "start_period": "40s", "start_interval": "5s"}, "logging": {"driver": "json-file", "options": {"max-size": "200k", "max-file": "10"}}, "isolation": "default", "oom_score_adj": 100, "restart": "on-failure:3", "deploy": {"labels": {"com.example.x": "y", "novalue": ""}, "replicas": 0, "endpoint_mode": "vip", "resources": {"limits": {"cpus": "0.5", "memory": "50M", "pids": 100}, "reservations": {"cpus": "0.25", "memory": "20M"}}, "update_config": {"delay": "10s", "failure_action": "pause", "monitor": "5s", "max_failure_ratio": 0.3, "order": "start-first"}, "rollback_config": {"parallelism": 0}, "placement": {"constraints": ["node.role == manager"], "preferences": [{"spread": "node.labels.zone"}], "max_replicas_per_node": 2}}, "ports": ["3000-3002:3000-3002", "127.0.0.1:8080:80", "53:53/udp", "80", {"target": 90, "published": 9090, "protocol": "tcp", "mode": "host"}]},
    env: {"MYHOME": "/root/h", "H": "fromenv", "D": "denv", "HOME": "/root"},
    sent: {"Name": "st_svc", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st", "com.example.x": "y", "novalue": ""}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"a": "1", "b": "", "com.docker.stack.namespace": "st"}, "Command": ["/bin/sh", "-c"], "Args": ["sh", "-c", "echo 'hello world' && sleep 1", "x y"], "Hostname": "h1", "Env": ["A=second", "Cx=  spaced  ", "D=denv", "E=", "EMPTY=", "F=\"quoted\"", "G=x=y", "H=fromenv", "HOME=/root", "K=v=w", "MYHOME=/root/h", "NOTSET", "Z=z"], "Dir": "/w", "User": "1000:1000", "Privileges": {}, "Init": true, "StopSignal": "SIGUSR1", "TTY": true, "OpenStdin": true, "ReadOnly": true, "StopGracePeriod": 90000000000, "Healthcheck": {"Test": ["CMD-SHELL", "curl -f http://localhost"], "Interval": 90000000000, "Timeout": 10000000000, "StartPeriod": 40000000000, "StartInterval": 5000000000, "Retries": 3}, "Hosts": ["162.242.195.82 somehost", "50.31.209.229 otherhost", "::1 v6"], "DNSConfig": {"Nameservers": ["8.8.8.8"], "Search": ["example.com"]}, "Isolation": "default", "Sysctls": {"net.core.somaxconn": "1024", "net.ipv4.tcp_syncookies": "0"}, "CapabilityAdd": ["ALL"], "CapabilityDrop": ["CAP_MKNOD"], "Ulimits": [{"Name": "nofile", "Hard": 40000, "Soft": 20000}, {"Name": "nproc", "Hard": 65535, "Soft": 65535}]}, "Resources": {"Limits": {"NanoCPUs": 500000000, "MemoryBytes": 52428800, "Pids": 100}, "Reservations": {"NanoCPUs": 250000000, "MemoryBytes": 20971520}}, "RestartPolicy": {"Condition": "on-failure", "MaxAttempts": 3}, "Placement": {"Constraints": ["node.role == manager"], "Preferences": [{"Spread": {"SpreadDescriptor": "node.labels.zone"}}], "MaxReplicas": 2}, "LogDriver": {"Name": "json-file", "Options": {"max-file": "10", "max-size": "200k"}}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "UpdateConfig": {"Parallelism": 1, "Delay": 10000000000, "FailureAction": "pause", "Monitor": 5000000000, "MaxFailureRatio": 0.3, "Order": "start-first"}, "RollbackConfig": {"Parallelism": 0, "MaxFailureRatio": 0, "Order": ""}, "EndpointSpec": {"Mode": "vip", "Ports": [{"Protocol": "tcp", "TargetPort": 80, "PublishMode": "ingress"}, {"Protocol": "udp", "TargetPort": 53, "PublishedPort": 53, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 3000, "PublishedPort": 3000, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 3001, "PublishedPort": 3001, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 3002, "PublishedPort": 3002, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 80, "PublishedPort": 8080, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 90, "PublishedPort": 9090, "PublishMode": "host"}]}},
  },
  {
    title: "global mode with list command/entrypoint, map environment + env file, empty restart_policy/update_config, healthcheck disable, map extra_hosts, credential_spec file, long ports without protocol/mode",
    key: "glob",
    service: {"image": "swarm-services-busybox:latest", "command": ["echo", "a b"], "entrypoint": ["/bin/sh"], "deploy": {"mode": "global", "restart_policy": {}, "update_config": {}, "resources": {}, "placement": {}, "labels": []}, "healthcheck": {"disable": true}, "env_file": "c.env", "environment": {"A": 1, "B": null, "C": "", "D": 1.5}, "extra_hosts": {"h1": "1.2.3.4", "a0": "::1"}, "sysctls": {"net.core.somaxconn": 1024}, "dns": ["1.1.1.1", "8.8.4.4"], "dns_search": "ex.com", "credential_spec": {"file": "spec.json"}, "stop_grace_period": "1.5h", "ports": [{"target": 81}, {"target": 82, "published": 8082}, "8083:83/tcp", "127.0.0.1::84", "8090-8091:90"]},
    env: {"SETBARE": "sb"},
    sent: {"Name": "st_glob", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st"}, "Command": ["/bin/sh"], "Args": ["echo", "a b"], "Env": ["A=1", "B", "C=", "D=1.5", "P=1", "SETBARE=sb"], "Privileges": {"CredentialSpec": {"Config": "", "File": "spec.json", "Registry": ""}}, "StopGracePeriod": 5400000000000, "Healthcheck": {"Test": ["NONE"]}, "Hosts": ["::1 a0", "1.2.3.4 h1"], "DNSConfig": {"Nameservers": ["1.1.1.1", "8.8.4.4"], "Search": ["ex.com"]}, "Sysctls": {"net.core.somaxconn": "1024"}}, "Resources": {}, "RestartPolicy": {}, "Placement": {}, "ForceUpdate": 0}, "Mode": {"Global": {}}, "UpdateConfig": {"Parallelism": 1, "MaxFailureRatio": 0, "Order": ""}, "EndpointSpec": {"Ports": [{"TargetPort": 81}, {"Protocol": "tcp", "TargetPort": 84, "PublishMode": "ingress"}, {"TargetPort": 82, "PublishedPort": 8082}, {"Protocol": "tcp", "TargetPort": 83, "PublishedPort": 8083, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 90, "PublishedPort": 8090, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 90, "PublishedPort": 8091, "PublishMode": "ingress"}]}},
  },
  {
    title: "replicated-job, zero restart_policy values kept, rollback_config, test NONE, cap_drop ALL",
    key: "job",
    service: {"image": "swarm-services-busybox:latest", "deploy": {"mode": "replicated-job", "replicas": 0, "restart_policy": {"condition": "none", "delay": "0s", "max_attempts": 0, "window": "0s"}, "rollback_config": {"parallelism": 2, "delay": "0s"}}, "healthcheck": {"test": ["NONE"]}, "cap_drop": ["all"], "cap_add": ["cap_net_admin", "sys_time"]},
    env: {"SETBARE": "sb"},
    sent: {"Name": "st_job", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st"}, "Privileges": {}, "Healthcheck": {"Test": ["NONE"]}, "CapabilityAdd": ["CAP_NET_ADMIN", "CAP_SYS_TIME"], "CapabilityDrop": ["ALL"]}, "Resources": {}, "RestartPolicy": {"Condition": "none", "Delay": 0, "MaxAttempts": 0, "Window": 0}, "Placement": {}, "ForceUpdate": 0}, "Mode": {"ReplicatedJob": {"MaxConcurrent": 0, "TotalCompletions": 0}}, "RollbackConfig": {"Parallelism": 2, "MaxFailureRatio": 0, "Order": ""}, "EndpointSpec": {}},
  },
  {
    title: "global-job, dnsrr, memory 1g and \"10000000\", generic resources, CMD test with retries 0, credential_spec registry, isolation",
    key: "gjob",
    service: {"image": "swarm-services-busybox:latest", "deploy": {"mode": "global-job", "endpoint_mode": "dnsrr", "resources": {"limits": {"memory": "1g"}, "reservations": {"memory": "10000000", "generic_resources": [{"discrete_resource_spec": {"kind": "gpu", "value": 2}}]}}}, "healthcheck": {"test": ["CMD", "true"], "retries": 0}, "credential_spec": {"registry": "myreg"}, "isolation": "process"},
    env: {"SETBARE": "sb"},
    sent: {"Name": "st_gjob", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st"}, "Privileges": {"CredentialSpec": {"Config": "", "File": "", "Registry": "myreg"}}, "Healthcheck": {"Test": ["CMD", "true"]}, "Isolation": "process"}, "Resources": {"Limits": {"MemoryBytes": 1073741824}, "Reservations": {"MemoryBytes": 10000000, "GenericResources": [{"DiscreteResourceSpec": {"Kind": "gpu", "Value": 2}}]}}, "Placement": {}, "ForceUpdate": 0}, "Mode": {"GlobalJob": {}}, "EndpointSpec": {"Mode": "dnsrr"}},
  },
  {
    title: "shell comment in command, empty entrypoint, \"=\" and extra \":\" in extra_hosts, logging without driver, numeric labels, ulimit 0, equal published ports keep their order",
    key: "a",
    service: {"image": "swarm-services-busybox:latest", "deploy": {"replicas": 0}, "ports": ["90", "80", "70:70", "9000:91", "9000:92/udp"], "env_file": "c.env", "command": "echo a", "entrypoint": "", "extra_hosts": ["h=1.2.3.4", "x:y:z"], "logging": {"options": {"a": "b"}}, "labels": {"n": 1, "f": 1.5}, "ulimits": {"core": 0}},
    sent: {"Name": "st_a", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st", "f": "1.5", "n": "1"}, "Args": ["echo", "a"], "Env": ["P=1"], "Privileges": {}, "Hosts": ["1.2.3.4 h", "y:z x"], "Ulimits": [{"Name": "core", "Hard": 0, "Soft": 0}]}, "Resources": {}, "Placement": {}, "LogDriver": {"Options": {"a": "b"}}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "EndpointSpec": {"Ports": [{"Protocol": "tcp", "TargetPort": 90, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 80, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 70, "PublishedPort": 70, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 91, "PublishedPort": 9000, "PublishMode": "ingress"}, {"Protocol": "udp", "TargetPort": 92, "PublishedPort": 9000, "PublishMode": "ingress"}]}},
  },
  {
    title: "cpus string, parallelism 0, zero interval left out, stop_grace_period 0s kept, logging none, empty command list",
    key: "b",
    service: {"image": "swarm-services-busybox:latest", "deploy": {"replicas": 0, "resources": {"limits": {"cpus": "0.5"}}, "update_config": {"parallelism": 0, "max_failure_ratio": 0}}, "healthcheck": {"test": ["CMD-SHELL", "x"], "interval": "0s"}, "logging": {"driver": "none"}, "command": [], "stop_grace_period": "0s"},
    sent: {"Name": "st_b", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st"}, "Privileges": {}, "StopGracePeriod": 0, "Healthcheck": {"Test": ["CMD-SHELL", "x"]}}, "Resources": {"Limits": {"NanoCPUs": 500000000}}, "Placement": {}, "LogDriver": {"Name": "none"}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "UpdateConfig": {"Parallelism": 0, "MaxFailureRatio": 0, "Order": ""}, "EndpointSpec": {}},
  },
  {
    title: "double-quote escapes, cpus \"1/2\", memory \"1.5g\" and \"4 m\", start_interval (sent; the 1.41 Engine drops it), update parallelism 3",
    key: "a",
    service: {"image": "swarm-services-busybox:latest", "command": "echo \"a\\hb\" 'c\\d' e\\\\f \"\" g#h", "deploy": {"replicas": 0, "resources": {"limits": {"cpus": "1/2", "memory": "1.5g"}, "reservations": {"memory": "4 m"}}, "restart_policy": {"condition": "on-failure"}, "update_config": {"parallelism": 3}}, "healthcheck": {"test": "true", "start_interval": "5s", "interval": "1s"}, "oom_score_adj": 100, "stop_grace_period": "500ms"},
    sent: {"Name": "st_a", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st"}, "Args": ["echo", "ahb", "c\\d", "e\\f", "", "g#h"], "Privileges": {}, "StopGracePeriod": 500000000, "Healthcheck": {"Test": ["CMD-SHELL", "true"], "Interval": 1000000000, "StartInterval": 5000000000}}, "Resources": {"Limits": {"NanoCPUs": 500000000, "MemoryBytes": 1610612736}, "Reservations": {"MemoryBytes": 4194304}}, "RestartPolicy": {"Condition": "on-failure"}, "Placement": {}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "UpdateConfig": {"Parallelism": 3, "MaxFailureRatio": 0, "Order": ""}, "EndpointSpec": {}},
  },
  {
    title: "init false, empty healthcheck, empty log options, namespace labels win, unparsable dns sent as is, sysctls without value, duplicate env keys, unpublished range in string order, retry count dropped from unless-stopped",
    key: "a",
    service: {"image": "swarm-services-busybox:latest", "init": false, "healthcheck": {}, "logging": {"driver": "json-file", "options": {}}, "labels": ["a=b=c", "com.docker.stack.namespace=mine"], "deploy": {"replicas": 0, "labels": {"com.docker.stack.namespace": "foo", "com.docker.stack.image": "bar"}, "placement": {"max_replicas_per_node": 0, "constraints": []}}, "dns": ["notanip", "1.1.1.1"], "sysctls": ["net.a", "net.b=1"], "environment": ["X=1", "X=2", "Y"], "ports": ["8-10", "9000-9001:9000-9001/udp", {"target": 5, "published": 6000}], "restart": "unless-stopped:2", "extra_hosts": ["h=1.2.3.4", "v6=::1", "k:[::2]", "nosep"]},
    sent: {"Name": "st_a", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"a": "b=c", "com.docker.stack.namespace": "st"}, "Env": ["X=2", "Y"], "Privileges": {}, "Init": false, "Healthcheck": {}, "Hosts": ["1.2.3.4 h", "::1 v6", "::2 k"], "DNSConfig": {"Nameservers": ["notanip", "1.1.1.1"]}, "Sysctls": {"net.a": "", "net.b": "1"}}, "Resources": {}, "RestartPolicy": {"Condition": "any"}, "Placement": {}, "LogDriver": {"Name": "json-file"}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "EndpointSpec": {"Ports": [{"Protocol": "tcp", "TargetPort": 10, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 8, "PublishMode": "ingress"}, {"Protocol": "tcp", "TargetPort": 9, "PublishMode": "ingress"}, {"TargetPort": 5, "PublishedPort": 6000}, {"Protocol": "udp", "TargetPort": 9000, "PublishedPort": 9000, "PublishMode": "ingress"}, {"Protocol": "udp", "TargetPort": 9001, "PublishedPort": 9001, "PublishMode": "ingress"}]}},
  },
  {
    title: "restart always, zero update delay left out, multi-line command with a comment line",
    key: "c",
    service: {"image": "swarm-services-busybox:latest", "restart": "always", "deploy": {"replicas": 0, "update_config": {"delay": "0s", "monitor": "1m"}, "rollback_config": {"failure_action": "continue"}}, "command": "a\n# comment line\nb"},
    sent: {"Name": "st_c", "Labels": {"com.docker.stack.image": "swarm-services-busybox:latest", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st"}, "Args": ["a", "b"], "Privileges": {}}, "Resources": {}, "RestartPolicy": {"Condition": "any"}, "Placement": {}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "UpdateConfig": {"Parallelism": 1, "Monitor": 60000000000, "MaxFailureRatio": 0, "Order": ""}, "RollbackConfig": {"Parallelism": 1, "FailureAction": "continue", "MaxFailureRatio": 0, "Order": ""}, "EndpointSpec": {}},
  },
  {
    title: "image normalised (docker.io/library/ dropped, :latest added) while the label keeps it as written; always:3 sends no retry count",
    key: "a",
    service: {"image": "docker.io/library/swarm-services-busybox", "deploy": {"replicas": 0}, "restart": "always:3"},
    sent: {"Name": "st_a", "Labels": {"com.docker.stack.image": "docker.io/library/swarm-services-busybox", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox:latest", "Labels": {"com.docker.stack.namespace": "st"}, "Privileges": {}}, "Resources": {}, "RestartPolicy": {"Condition": "any"}, "Placement": {}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "EndpointSpec": {}},
  },
  {
    title: "an image with a digest gets no tag",
    key: "d",
    service: {"image": "swarm-services-busybox@sha256:0123456789012345678901234567890123456789012345678901234567890123", "deploy": {"replicas": 0}},
    sent: {"Name": "st_d", "Labels": {"com.docker.stack.image": "swarm-services-busybox@sha256:0123456789012345678901234567890123456789012345678901234567890123", "com.docker.stack.namespace": "st"}, "TaskTemplate": {"ContainerSpec": {"Image": "swarm-services-busybox@sha256:0123456789012345678901234567890123456789012345678901234567890123", "Labels": {"com.docker.stack.namespace": "st"}, "Privileges": {}}, "Resources": {}, "Placement": {}, "ForceUpdate": 0}, "Mode": {"Replicated": {"Replicas": 0}}, "EndpointSpec": {}},
  },
];

describe('convertService: the spec CLI 28.2.2 sends', () => {
  for (const c of cases) {
    it(c.title, () => {
      const result = convertService(c.key, c.service, ctx(c.env));
      assert.deepEqual(wire(result.spec), c.sent);
      assert.deepEqual(result.issues.filter((i) => i.severity === 'error'), []);
    });
  }
});
