import { describe, expect, it } from 'vitest';
import { detectPii } from '../index.ts';
import { classifyKey } from './secret-keys.ts';

/** The API_KEY findings in `text`, as the matched text. */
function secrets(text: string): string[] {
  return detectPii(text, { types: ['API_KEY'] }).map((span) => text.slice(span.start, span.end));
}

// Values made up for these tests; none is or was a real credential.
const FOUND: [string, string, string][] = [
  ['env file', 'DB_PASSWORD=Kx7pQ2vL', 'Kx7pQ2vL'],
  ['env file, a plain word', 'DB_PASSWORD=meadowlark', 'meadowlark'],
  ['shell export', 'export STRIPE_SECRET="tq8Zr1Lw-Nf3Hv"', 'tq8Zr1Lw-Nf3Hv'],
  ['shell default', 'psql -W ${PGPASSWORD:-Vm4qT9xz}', 'Vm4qT9xz'],
  ['YAML', 'db:\n  password: Kx7pQ2vL\n  user: app', 'Kx7pQ2vL'],
  ['YAML, a plain word alone on its line', 'smtp:\n  password: meadowlark\n', 'meadowlark'],
  ['JSON', '{"client_secret": "Rv3kW8qZ2mLx", "client_id": "web"}', 'Rv3kW8qZ2mLx'],
  ['INI', '[db]\npassword = Kx7pQ2vL!', 'Kx7pQ2vL!'],
  ['Java properties', 'spring.datasource.password=meadowlark', 'meadowlark'],
  ['Python', 'API_KEY = "Rv3kW8qZ2mLxTb"', 'Rv3kW8qZ2mLxTb'],
  ['Python keyword argument', 'connect(host="db", password="Kx7pQ2vL")', 'Kx7pQ2vL'],
  ['Python type annotation', 'password: str = "Kx7pQ2vL"', 'Kx7pQ2vL'],
  ['Python dict index', 'config["api_key"] = "Rv3kW8qZ2mLx"', 'Rv3kW8qZ2mLx'],
  ['JavaScript object', "const options = { apiKey: 'Rv3kW8qZ2mLx', retries: 2 };", 'Rv3kW8qZ2mLx'],
  ['TypeScript annotation', 'const apiKey: string = "Rv3kW8qZ2mLx";', 'Rv3kW8qZ2mLx'],
  ['Go short declaration', 'secret := "Rv3kW8qZ2mLx"', 'Rv3kW8qZ2mLx'],
  ['Go struct field', 'cfg := Config{Password: "Kx7pQ2vL"}', 'Kx7pQ2vL'],
  ['PHP and Ruby arrows', "$config = ['token' => 'Rv3kW8qZ2mLx'];", 'Rv3kW8qZ2mLx'],
  ['Java', 'private static final String DB_PASS = "Kx7pQ2vL";', 'Kx7pQ2vL'],
  ['C array', 'char password[] = "Kx7pQ2vL";', 'Kx7pQ2vL'],
  ['Objective-C literal', 'NSString *secret = @"Rv3kW8qZ2mLx";', 'Rv3kW8qZ2mLx'],
  ['R assignment', 'password <- "Kx7pQ2vL"', 'Kx7pQ2vL'],
  ['comparison', 'if (password == "Kx7pQ2vL") {', 'Kx7pQ2vL'],
  ['comparison, literal first', 'if ("Kx7pQ2vL" === password) {', 'Kx7pQ2vL'],
  ['XML attribute', '<datasource user="app" password="Kx7pQ2vL"/>', 'Kx7pQ2vL'],
  ['XML element', '<server><password>Kx7pQ2vL</password></server>', 'Kx7pQ2vL'],
  ['.NET appSettings', '<add key="ApiKey" value="Rv3kW8qZ2mLx" />', 'Rv3kW8qZ2mLx'],
  ['Kubernetes env', 'env:\n  - name: DB_PASSWORD\n    value: Kx7pQ2vL', 'Kx7pQ2vL'],
  ['setter call', 'dataSource.setPassword("Kx7pQ2vL");', 'Kx7pQ2vL'],
  ['name and value in a call', 'props.setProperty("password", "Kx7pQ2vL");', 'Kx7pQ2vL'],
  ['PHP define', "define('DB_PASSWORD', 'Kx7pQ2vL');", 'Kx7pQ2vL'],
  ['connection string', 'Server=db;Database=shop;User Id=app;Password=Kx7pQ2vL;', 'Kx7pQ2vL'],
  ['query string', 'GET /login?user=app&password=Kx7pQ2vL&next=/', 'Kx7pQ2vL'],
  ['command line flag', 'mytool --db-password "Kx7pQ2vL" --verbose', 'Kx7pQ2vL'],
  ['header', 'curl -H "X-Api-Key: Rv3kW8qZ2mLxTb" https://api.example.com', 'Rv3kW8qZ2mLxTb'],
  ['a value with symbols only a config would hold', 'secret = q{{t]v)r$w', 'q{{t]v)r$w'],
  ['prose', 'my password is Kx7pQ2vL, can you check the login?', 'Kx7pQ2vL'],
  ['prose with words in between', 'The password for the staging database is Kx7pQ2vL.', 'Kx7pQ2vL'],
  ['prose, quoted', 'the API key is "Rv3kW8qZ2mLx" for now', 'Rv3kW8qZ2mLx'],
  ['prose, reset to', 'your password has been reset to Vm4qT9xz!', 'Vm4qT9xz'],
  ['prose, netrc style', 'machine ftp.example.com login app password Kx7pQ2vL', 'Kx7pQ2vL'],
  ['prose in Spanish', 'mi contraseña es Kx7pQ2vL', 'Kx7pQ2vL'],
  ['prose in French', 'le mot de passe est Kx7pQ2vL', 'Kx7pQ2vL'],
];

const NOT_FOUND: [string, string][] = [
  ['empty value', 'password = ""'],
  ['template', 'password: ${DB_PASSWORD}'],
  ['Jinja template', 'password: "{{ vault_db_password }}"'],
  ['angle placeholder', 'api_key = "<your-api-key>"'],
  ['documentation placeholder', 'OPENAI_API_KEY=your_api_key_here'],
  ['masked', 'password: "********"'],
  ['x placeholder', 'token = "xxxxxxxxxxxxxxxx"'],
  ['changeme', 'password = changeme'],
  ['test value', 'api_key = "my-fake-key-for-tests"'],
  ['environment lookup', 'password = os.environ["DB_PASSWORD"]'],
  ['getenv', 'password = os.getenv("DB_PASSWORD")'],
  ['process.env', 'const apiKey = process.env.API_KEY;'],
  ['function call', 'password = getpass.getpass()'],
  ['member access', 'secret = settings.secret_key'],
  ['variable', 'password = user_password'],
  ['camel-case variable', 'apiKey: apiKey,'],
  ['None', 'password = None'],
  ['null', '"password": null'],
  ['boolean', 'require_password: true'],
  ['TypeScript type', 'password: string;'],
  ['Python type only', 'def login(user: str, password: str) -> bool:'],
  ['token counts', '"usage": {"prompt_tokens": 12, "completion_tokens": 340, "max_tokens": 1024}'],
  ['secret name, not the secret', 'secret_name = "prod/db/credentials"'],
  ['length rule', 'password_min_length = 12'],
  ['token endpoint', 'token_url: https://auth.example.com/oauth/token'],
  ['UI label', '{"password": "Password", "forgot_password": "Forgot your password?"}'],
  ['UI sentence', 'password_label = "Enter your password"'],
  ['path', 'PWD=/home/app/project'],
  ['prose without a value', 'My password is too short, what should I do?'],
  ['prose about tokens', 'The token is valid for 3600 seconds.'],
  ['prose about keys', 'The API key is stored in the vault.'],
  ['ordinary words', 'Take the passport and the keyboard to the secretary; the tokenizer is fast.'],
  ['plain key, low entropy', 'key = "sort-order"'],
  ['field lists', 'fields = ["password", "email"]'],
];

describe('secrets given to secret-looking keys', () => {
  it.each(FOUND)('finds the value in %s', (_name, text, value) => {
    expect(secrets(text)).toEqual([value]);
  });

  it.each(NOT_FOUND)('reports nothing for %s', (_name, text) => {
    expect(secrets(text)).toEqual([]);
  });

  it('keeps offsets when lower-casing would change the length (`İ`)', () => {
    expect(secrets('İstanbul office: DB_PASSWORD=Kx7pQ2vL')).toEqual(['Kx7pQ2vL']);
  });

  it('still finds a random value after a plain `key`', () => {
    expect(secrets('key: "Qm7Zt2Lx9Vr4Wb8Nc3Hp"')).toEqual(['Qm7Zt2Lx9Vr4Wb8Nc3Hp']);
  });
});

describe('classifyKey', () => {
  it.each([
    ['password', 'password'],
    ['DB_PASS', 'password'],
    ['PGPASSWORD', 'password'],
    ['clientSecret', 'secret'],
    ['X-Auth-Token', 'secret'],
    ['aws_secret_access_key', 'secret'],
    ['APIKey', 'secret'],
    ['primary_key', 'generic'],
  ] as const)('%s is a %s key', (key, kind) => {
    expect(classifyKey(key)).toBe(kind);
  });

  it.each(['password_length', 'token_url', 'max_tokens', 'secret_name', 'api_key_id', 'keyboard', 'bypass', 'passport', 'tokenizer', 'secretary', 'author'])('%s holds no secret', (key) => {
    expect(classifyKey(key)).toBeUndefined();
  });

  it('reads the word before a separate `key`', () => {
    expect(classifyKey('key', 'api')).toBe('secret');
    expect(classifyKey('key', 'the')).toBe('generic');
  });
});
