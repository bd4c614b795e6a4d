/**
 * Help texts of `koogallery-mock` and the `help [command]` command. Exit codes are the same for every command
 * (the table is in docs/exit-codes.md): 0 ok, 1 a check or an action failed, 2 usage, configuration or an
 * unreachable target, 130 interrupted by Ctrl-C where that is not the normal way to stop.
 */
import { ADMIN_ACTIONS } from '../../http/admin/actions';
import { CONFIG_ENV, START_DEFAULTS } from '../../config/load-config';

// The commands' I/O and exit codes live in a leaf module (commands imported lazily use them without a cycle).
import { EXIT, type CliIo } from './cli-io';

export { EXIT, type CliIo };

const EXIT_TEXT = `Exit status: 0 ok, 1 a check or an action failed, 2 usage, configuration or unreachable target
(130 when Ctrl-C interrupts a command other than start). Table: docs/exit-codes.md.`;

/** `koogallery-mock --help`. */
export function mainHelpText(version: string): string {
  return `koogallery-mock ${version} — a local Huawei Cloud KooGallery marketplace for SaaS sellers

Usage: koogallery-mock <command> [options]

Commands
  start      run the mock: plays buyers against your production URL, serves the admin API and Open APIs
  trigger    play a buyer action or move the clock on a running mock (purchase, renew, advance 40d, ...)
  call       send one production-interface call to your seller and print the platform's verdict
  contract   run the conformance suite against your seller
  export     export a list of a running mock as xlsx or CSV (orders...) and save the file
  help       show help for a command (koogallery-mock help start)

Run \`koogallery-mock <command> --help\` for the options of a command.

${EXIT_TEXT}
`;
}

/** `koogallery-mock start --help`. */
export function startHelpText(): string {
  return `Usage: koogallery-mock start [options]

Runs the mock marketplace. Production calls go to your seller signed exactly as KooGallery signs them (with the
current wall-clock time, so your ±60 s check passes), replies are judged like the platform judges them, failed
calls are retried on the platform's schedules, and every attempt is logged below the banner and kept in the store.

Options
  --seller-url URL     your production URL (kit calls go to URL/produceAPI/v2/<name>)
  --key KEY            the key bound to the interface (default: $${CONFIG_ENV.key}; prefer the variable)
  --kit-key KEY        a separate key for the kit interfaces (default: $${CONFIG_ENV.kitKey}, else --key)
  --protocol v2|v1     generation of the basic interfaces (default v2; v1 = legacy GET with authToken,
                       mobilePhone/email encrypted with --key, appInfo expected encrypted with it)
  --encrypt-type 1|2   V1 only: AES-256-CBC (1, default) or AES-128-CBC (2) for the encrypted fields
  --kit-public-key FILE  PEM public key of your application credential: applicationSync sends clientSecret
                       RSA-OAEP encrypted with it (needed by the kit events create-app-credential, bind-tenant)
  --port N             port to listen on, 0 = any free port (default ${START_DEFAULTS.port})
  --host HOST          interface to bind (default ${START_DEFAULTS.host}; set --admin-token before exposing it)
  --db PATH            SQLite file for orders, instances and pending jobs, or :memory:
                       (default ${START_DEFAULTS.db}); pending jobs survive restarts and crashes
  --clock MODE         virtual (default): business time moves only with \`trigger advance\`;
                       real: wall time, optionally sped up with --time-scale
  --time-scale N       real clock: business ms per wall ms (60 = one business hour per minute)
  --start-at ISO       virtual clock: business time of a new store (default: now)
  --timeout MS         per-attempt time-out, 1..600000 (default ${START_DEFAULTS.timeout}; the console uses 20000)
  --admin-token TOKEN  require this token on every admin call (default: $${CONFIG_ENV.adminToken})
  --allowed-host NAME  host name(s) the admin API and console answer to besides IPs and localhost (a,b)
  --ak AK --sk SK      the AK/SK pair the emulated Open APIs accept (SK default: $${CONFIG_ENV.sk})
  --seed SEED          seed of order ids and businessIds (equal seeds on empty stores give equal ids)
  --config FILE        JSON configuration file (keys as in the README; flags override it)
  --quiet              no live log of attempts
  -h, --help           show this help

Stop with Ctrl-C (SIGINT) or SIGTERM: deliveries in flight finish, pending jobs stay in the store.

${EXIT_TEXT}

Examples
  KOOGALLERY_ACCESS_KEY=... koogallery-mock start --seller-url http://127.0.0.1:8080/produce
  koogallery-mock start --seller-url https://seller.example.com/produce --clock real --time-scale 60
`;
}

/** Width of the action names column. */
const pad = (s: string, n: number): string => (s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length));

/** `koogallery-mock trigger --help`. */
export function triggerHelpText(): string {
  const isKit = (summary: string): boolean => summary.startsWith('kit: ');
  const list = (kit: boolean): string =>
    Object.entries(ADMIN_ACTIONS)
      .filter(([, a]) => isKit(a.summary) === kit)
      .map(([name, a]) => `  ${pad(name, 26)}${kit ? a.summary.slice(5) : a.summary}`)
      .join('\n');
  const actions = list(false);
  const kitEvents = list(true);
  return `Usage: koogallery-mock trigger <action> [options] [--<field> VALUE ...]

Plays a buyer action or a joint-operations (kit) event (or moves the clock, restarts a job...) on a running
mock through its admin API, then prints what happened: the order, instance or tenant and the production calls
it caused, with their outcome. Also reads the kit tenants and the usage log of an instance.

Buyer actions
${actions}

Joint-operations (kit) events (calls to URL/produceAPI/v2/<name>, signed with the kit key)
${kitEvents}

Clock and jobs
  ${pad('advance <duration>', 26)}virtual clock: move forward (90000, 30s, 90m, 1h30m, 40d), running due jobs
  ${pad('advance-to <time>', 26)}virtual clock: move to an ISO time (2025-06-01T00:00:00Z)
  ${pad('next-job', 26)}virtual clock: move to the next due job and run it
  ${pad('restart --job ID', 26)}restart a failed or exhausted job ("重新启动"); --with-retries for its whole schedule
  ${pad('retry-now --job ID', 26)}run the next scheduled attempt of a pending job now
  ${pad('relist --product CODE', 26)}list a delisted or frozen product again
  ${pad('reset', 26)}delete every order, instance, job, buyer and message

Reading
  ${pad('tenants', 26)}list the kit tenants (--state active|deleted, --instance REF)
  ${pad('tenant --tenant ID', 26)}one tenant: users, departments, app (client secret redacted)
  ${pad('usage-log --instance REF', 26)}the usage records your seller pushed for a pay-per-use instance
  ${pad('supervisions', 26)}the service supervisions (服务监管) of supervised orders
  ${pad('supervision --order ID', 26)}one supervision: node, steps, documents
  ${pad('licences', 26)}the licence codes issued for licence orders

Settlement
  ${pad('transactions', 26)}transaction details (交易明细) visible now: --order, --billing-period YYYYMM,
  ${pad('', 26)}--customer, --product-type, --bill-status; --all also those not visible yet
  ${pad('bills', 26)}monthly bills (账单管理) with status (--product-type, --status)
  ${pad('bill 202601', 26)}one bill: every line and the status timeline (--product-type when both have it)
  ${pad('settlement', 26)}next bill run, last month billed, settlement options
  ${pad('credit-settings', 26)}credit payment switches (信控设置) of every product
  ${pad('order-payment --order ID', 26)}how an order was paid and whether its credit was repaid
  ${pad('performance', 26)}performance summaries (业绩汇总, Partner Center view)
  ${pad('performance-sheet ID', 26)}one performance sheet (PS202601) with its lines
  ${pad('', 26)}changes are actions (above): pay --payment-instrument, repay, set-credit-settings,
  ${pad('', 26)}confirm-, advance-, reject-, fail-, resolve-bill, run-bills, review-performance

Field flags (any field of the action as --<field> VALUE, kebab-case or camelCase)
  --product CODE       productCode (demo catalog: crm, report, sms, sms-pack, consulting, licence)
  --sku CODE           skuCode
  --instance REF       ref: the mock ref (I000001) or the seller's instanceId
  --order ID           orderId
  --buyer ID           buyerId
  --tenant ID          tenantId (kit events; see \`trigger tenants\`)
  --users JSON         users to authorise, e.g. '[{"userName":"alice","role":"admin"}]'
  --orgs JSON          department tree, e.g. '[{"orgCode":"HQ","orgName":"Head office"}]'
  --flag N             authorize-users: 1 add, 2 modify, 0 delete, 3 cancel; change-department: 1, 2, 0
  --period-type T      year | month;   --period-number N;   --quantity N (linearValue)
  --trial              purchase a trial
  --unpaid             leave the order waiting for payment (default: the buyer pays at once)
  --document FILE      confirm-completion: upload FILE as a delivery document (repeatable)
  --result-description TEXT   confirm-completion: the service result (服务结果描述)
  --enabled            set-auto-renew: on (--enabled=false: off);   --deduction-days N (2-7)
  --balance N          set-balance: the buyer's mock balance
  --bill YYYYMM        *-bill actions: the bill (billId); --product-type general|joint-operations; --note TEXT
  --payment-instrument CASH|CREDIT_COUPON|CREDIT_LIMIT   pay: pay on credit (seller-console §8)
  --credit-coupon, --credit-limit (=false to switch off), --credit-limit-whitelist JSON   set-credit-settings
  --data JSON          all fields as one JSON object; field flags override its entries

Options
  --url URL            the mock to drive (default: $KOOGALLERY_MOCK_URL, else http://127.0.0.1:${START_DEFAULTS.port});
                       needed when the mock was started with another --port
  --admin-token TOKEN  the mock's admin token (default: $${CONFIG_ENV.adminToken})
  --no-deliver         do not deliver the calls that fall due right away (they run at the next advance)
  --json               print the admin API's JSON answer
  -h, --help           show this help

${EXIT_TEXT}
1 when the mock refuses the action (e.g. an unknown instance) and when the seller fails
check-kit-idempotency; 2 when the mock cannot be reached (every output names the mock URL).

Examples
  koogallery-mock trigger purchase --product crm
  koogallery-mock trigger renew --instance I000001 --period-type year
  koogallery-mock trigger advance 40d
  koogallery-mock trigger restart --job J000003
  koogallery-mock trigger bind-tenant --instance I000001 --users '[{"userName":"alice"}]'
  koogallery-mock trigger authorize-users --tenant 3f9c… --users '[{"userName":"bob"}]' --flag 1
  koogallery-mock trigger usage-log --instance I000002
  koogallery-mock trigger confirm-completion --order CS… --result-description 'Done' --document acceptance.pdf
  koogallery-mock trigger accept-delivery --order CS…
  koogallery-mock trigger advance-to 2026-02-07T00:00:00+08:00 && koogallery-mock trigger bill 202601
  koogallery-mock trigger advance-bill --bill 202601 --note 'countersigned'
`;
}

/**
 * Runs `koogallery-mock help [command]`. The texts of `call`, `contract` and `export` live with their commands, which are
 * imported only when asked for (they are not on the path of `start`).
 */
export async function runHelpCommand(argv: readonly string[], io: CliIo, version: string): Promise<number> {
  const topic = argv[0];
  if (topic === undefined) {
    io.stdout(mainHelpText(version));
    return EXIT.OK;
  }
  if (topic === 'start') io.stdout(startHelpText());
  else if (topic === 'trigger') io.stdout(triggerHelpText());
  else if (topic === 'call') io.stdout((await import('./call')).callHelpText());
  else if (topic === 'contract') io.stdout((await import('./contract')).contractHelpText());
  else if (topic === 'export') io.stdout((await import('./export')).exportHelpText());
  else {
    io.stderr(
      `koogallery-mock help: unknown command ${JSON.stringify(topic)}; commands: start, trigger, call, contract, export, help.\n`,
    );
    return EXIT.USAGE;
  }
  return EXIT.OK;
}
