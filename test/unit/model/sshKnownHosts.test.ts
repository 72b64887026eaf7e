// known_hosts matching as OpenSSH does it: host and port, plain or hashed names, @revoked.
import * as assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { isKnownHostKey } from '../../../src/model/sshKnownHosts';

describe('known_hosts', () => {
  const { publicKey } = generateKeyPairSync('ed25519');
  const blob = publicKey.export({ type: 'spki', format: 'der' }).subarray(-32);
  // An OpenSSH ed25519 key blob: string "ssh-ed25519", string key.
  const sshBlob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), blob]);
  const b64 = sshBlob.toString('base64');

  it('accepts a listed key for the host and port, plain or hashed, and nothing else', () => {
    assert.ok(isKnownHostKey(`[127.0.0.1]:2222 ssh-ed25519 ${b64}\n`, '127.0.0.1', 2222, sshBlob));
    assert.ok(!isKnownHostKey(`[127.0.0.1]:2222 ssh-ed25519 ${b64}\n`, '127.0.0.1', 22, sshBlob));
    assert.ok(isKnownHostKey(`manager,10.0.0.1 ssh-ed25519 ${b64}\n`, 'manager', 22, sshBlob));
    const salt = Buffer.from('0123456789abcdef0123');
    const hash = createHmac('sha1', salt).update('[edge]:2200').digest('base64');
    assert.ok(isKnownHostKey(`|1|${salt.toString('base64')}|${hash} ssh-ed25519 ${b64}\n`, 'edge', 2200, sshBlob));
    assert.ok(!isKnownHostKey(`other ssh-ed25519 ${b64}\n`, 'edge', 22, sshBlob));
    assert.ok(!isKnownHostKey(`edge ssh-ed25519 AAAAother\n`, 'edge', 22, sshBlob));
    assert.ok(!isKnownHostKey(`edge ssh-ed25519 ${b64}\n@revoked edge ssh-ed25519 ${b64}\n`, 'edge', 22, sshBlob));
  });
});
