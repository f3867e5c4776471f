// Crash-test child: `crashChild.ts <dir> <count>`. Opens the embedded chain of <dir> (creating it, and
// deploying TrustRegistry + AnchorRegistry, on first run), then anchors <count> random roots one
// transaction at a time, printing `ack <txHash> <root>` after each acknowledged one. The parent
// kills it with SIGKILL at random moments; stdout to a pipe is written synchronously on Linux, so a
// printed line is an acknowledgement the parent really saw.
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { encodeDeployData, encodeFunctionData, getContractAddress, type Hex, toHex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import {
  anchorRegistryAbi,
  anchorRegistryBytecode,
  trustRegistryAbi,
  trustRegistryBytecode,
} from '../../generated/contracts.generated.ts';
import { signRawTransaction } from '../../testing/signRawTransaction.ts';
import { testPrivateKeys } from '../../testing/testChain.ts';
import { openEmbeddedChain } from '../openEmbeddedChain.ts';

export const crashChainId = 1337;
export const crashAccount = privateKeyToAccount(testPrivateKeys[0]);
export const crashGenesis = [{ address: crashAccount.address, balance: 10n ** 24n }];
/** The contracts are the deployer's first two transactions, so their addresses are known in advance. */
export const crashTrustRegistry = getContractAddress({ from: crashAccount.address, nonce: 0n });
export const crashAnchorRegistry = getContractAddress({ from: crashAccount.address, nonce: 1n });

async function main(dir: string, count: number): Promise<void> {
  const chain = await openEmbeddedChain({ dir, chainId: crashChainId, genesisAccounts: crashGenesis });
  const send = (raw: Hex) => chain.request({ method: 'eth_sendRawTransaction', params: [raw] });
  let nonce = Number(
    await chain.request({ method: 'eth_getTransactionCount', params: [crashAccount.address, 'latest'] }),
  );
  const sign = (data: Hex, to?: Hex) => signRawTransaction(crashAccount, crashChainId, nonce, data, to);
  if (nonce === 0) {
    await send(
      await sign(
        encodeDeployData({ abi: trustRegistryAbi, bytecode: trustRegistryBytecode, args: ['did:web:cbp.example'] }),
      ),
    );
    nonce += 1;
  }
  if (nonce === 1) {
    await send(
      await sign(
        encodeDeployData({ abi: anchorRegistryAbi, bytecode: anchorRegistryBytecode, args: [crashTrustRegistry] }),
      ),
    );
    nonce += 1;
  }
  process.stdout.write('ready\n');
  for (let i = 0; i < count; i++) {
    const root = toHex(randomBytes(32));
    const raw = await sign(
      encodeFunctionData({ abi: anchorRegistryAbi, functionName: 'anchor', args: [root, 1] }),
      crashAnchorRegistry,
    );
    const hash = await send(raw);
    process.stdout.write(`ack ${hash} ${root}\n`);
    nonce += 1;
  }
  await chain.close();
  process.stdout.write('done\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const [dir, count] = process.argv.slice(2);
  await main(dir!, Number(count ?? 1000));
}
