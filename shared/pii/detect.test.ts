import { describe, expect, it } from 'vitest';
import { detectPii, PII_TYPES, type PiiType } from './index.ts';

/** What the scanner reports, as `[type, matched text]` pairs. */
function found(text: string, types?: readonly PiiType[]): [PiiType, string][] {
  return detectPii(text, types ? { types } : {}).map((span) => [span.type, text.slice(span.start, span.end)]);
}

interface Case {
  text: string;
  expected: [PiiType, string][];
}

const POSITIVES: Record<PiiType, Case[]> = {
  EMAIL: [
    { text: 'write to jane.doe+news@mail.example.co.uk.', expected: [['EMAIL', 'jane.doe+news@mail.example.co.uk']] },
    { text: '<ops@example.com>', expected: [['EMAIL', 'ops@example.com']] },
  ],
  PHONE: [
    { text: 'call (415) 555-0132 today', expected: [['PHONE', '(415) 555-0132']] },
    { text: 'UK office +44 20 7946 0958', expected: [['PHONE', '+44 20 7946 0958']] },
    { text: 'Paris: +33 6 12 34 56 78', expected: [['PHONE', '+33 6 12 34 56 78']] },
    { text: 'Berlin tel. 030 12345678', expected: [['PHONE', '030 12345678']] },
    { text: 'desk 415-555-0132x204', expected: [['PHONE', '415-555-0132x204']] },
    { text: 'phone: 4155550132', expected: [['PHONE', '4155550132']] },
  ],
  CREDIT_CARD: [
    { text: 'visa 4111 1111 1111 1111', expected: [['CREDIT_CARD', '4111 1111 1111 1111']] },
    { text: 'amex 3782-822463-10005 ok', expected: [['CREDIT_CARD', '3782-822463-10005']] },
    { text: '5555555555554444', expected: [['CREDIT_CARD', '5555555555554444']] },
  ],
  SSN: [
    { text: 'SSN 536-22-8841', expected: [['SSN', '536-22-8841']] },
    { text: 'social security number 536228841', expected: [['SSN', '536228841']] },
  ],
  IBAN: [
    { text: 'IBAN DE89 3704 0044 0532 0130 00 please', expected: [['IBAN', 'DE89 3704 0044 0532 0130 00']] },
    { text: 'GB29NWBK60161331926819', expected: [['IBAN', 'GB29NWBK60161331926819']] },
  ],
  IP_ADDRESS: [
    { text: 'from 10.0.4.17 and 2001:db8::8a2e:370:7334', expected: [['IP_ADDRESS', '10.0.4.17'], ['IP_ADDRESS', '2001:db8::8a2e:370:7334']] },
    { text: 'subnet 192.168.0.0/16', expected: [['IP_ADDRESS', '192.168.0.0/16']] },
  ],
  API_KEY: [
    { text: 'aws AKIAIOSFODNN7EXAMPLE', expected: [['API_KEY', 'AKIAIOSFODNN7EXAMPLE']] },
    { text: 'token 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', expected: [['API_KEY', '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']] },
    { text: 'OPENAI_API_KEY=sk-proj-Q7vLm2XzR9pT4wKc8NdY3hJf6GsB1aEu', expected: [['API_KEY', 'sk-proj-Q7vLm2XzR9pT4wKc8NdY3hJf6GsB1aEu']] },
    { text: 'key sk-ant-api03-h3Lk9Qz2Xv7Rt4Wm8Nc1Bp5Yd6Fg0Js', expected: [['API_KEY', 'sk-ant-api03-h3Lk9Qz2Xv7Rt4Wm8Nc1Bp5Yd6Fg0Js']] },
    { text: 'slack xoxb-2048-4096-kT9xQ2mV7rL4', expected: [['API_KEY', 'xoxb-2048-4096-kT9xQ2mV7rL4']] },
    { text: 'stripe sk_live_4eC39HqLyjWDarjtT1zdp7dc', expected: [['API_KEY', 'sk_live_4eC39HqLyjWDarjtT1zdp7dc']] },
    {
      text: 'jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
      expected: [['API_KEY', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U']],
    },
    { text: 'client_secret: "Zq8Lr2Vx9Tm4Wb7Nc3Hp"', expected: [['API_KEY', 'Zq8Lr2Vx9Tm4Wb7Nc3Hp']] },
    { text: 'Authorization: Bearer Zq8Lr2Vx9Tm4Wb7Nc3HpK5', expected: [['API_KEY', 'Zq8Lr2Vx9Tm4Wb7Nc3HpK5']] },
  ],
  URL_WITH_CREDENTIALS: [
    { text: 'db postgres://app:Tr0ub4dor@db.example.com:5432/main.', expected: [['URL_WITH_CREDENTIALS', 'postgres://app:Tr0ub4dor@db.example.com:5432/main']] },
  ],
  PASSPORT: [{ text: 'Passport no. 533380006', expected: [['PASSPORT', '533380006']] }],
  DATE_OF_BIRTH: [
    { text: 'born on 12 March 1985 in Leeds', expected: [['DATE_OF_BIRTH', '12 March 1985']] },
    { text: 'DOB: 1985-03-12', expected: [['DATE_OF_BIRTH', '1985-03-12']] },
  ],
  PERSON: [
    { text: 'Please ask Maria Lopez about it.', expected: [['PERSON', 'Maria Lopez']] },
    { text: 'Dear Dr. Okonkwo, thanks.', expected: [['PERSON', 'Okonkwo']] },
    { text: 'My name is Zbigniew Brzęczyszczykiewicz.', expected: [['PERSON', 'Zbigniew Brzęczyszczykiewicz']] },
  ],
  ADDRESS: [
    { text: 'Ship to 742 Evergreen Terrace, Springfield, IL 62704, USA.', expected: [['ADDRESS', '742 Evergreen Terrace, Springfield, IL 62704, USA']] },
    { text: 'Büro: Hauptstraße 5, 10115 Berlin', expected: [['ADDRESS', 'Hauptstraße 5, 10115 Berlin']] },
    { text: 'chez 12 rue de la Paix, 75002 Paris', expected: [['ADDRESS', '12 rue de la Paix, 75002 Paris']] },
    { text: 'PO Box 1234, Austin, TX 78701', expected: [['ADDRESS', 'PO Box 1234, Austin, TX 78701']] },
  ],
};

/** Look-alikes that are not personal data. */
const NEGATIVES: string[] = [
  'Version 1.2.3.4 fixed it; build 2024.11.30.',
  'The invoice total was 1,249.50 EUR for 12 seats.',
  'Order 4111 1111 1111 1112 failed the check digit.',
  'SSN-shaped 000-12-3456 and 666-12-3456 are never issued.',
  'Meeting at 10:30:45 on 2024-05-01 in room 101.',
  'std::vector<int> and a::b are C++.',
  'Use max_tokens: 16 and temperature = 0.2.',
  'password: string; token: number; // a TypeScript type',
  'The logo@2x.png asset is missing.',
  'See https://example.com/docs and ssh://git@github.com/org/repo.git',
  'Will you call me? May I help? April showers.',
  'The Quick Brown Fox Jumps Over The Lazy Dog.',
  'We use Google Cloud and Amazon Web Services.',
  'DE89 3704 0044 0532 0130 01 has a wrong checksum.',
  'The ISBN is 978-3-16-148410-0 and the DOI is 10.1000/182.',
];

describe('detectPii', () => {
  for (const type of PII_TYPES) {
    it.each(POSITIVES[type])(`finds ${type} in %#`, ({ text, expected }) => {
      expect(found(text)).toEqual(expected);
    });
  }

  it.each(NEGATIVES)('finds nothing in %j', (text) => {
    expect(found(text)).toEqual([]);
  });

  it('reports UTF-16 offsets, sorted and non-overlapping', () => {
    const text = '😀 Zoë wrote to zoë@example.org 😀 and 10.0.0.1; card 4111111111111111 😀';
    const spans = detectPii(text);
    expect(spans.map((span) => text.slice(span.start, span.end))).toContain('10.0.0.1');
    for (const [index, span] of spans.entries()) {
      expect(span.start).toBeLessThan(span.end);
      expect(span.end).toBeLessThanOrEqual(text.length);
      if (index > 0) expect(span.start).toBeGreaterThanOrEqual((spans[index - 1] as { end: number }).end);
    }
  });

  it('keeps the more specific finding when two overlap', () => {
    // The e-mail inside the URL is part of the credentials, not a second finding.
    expect(found('redis://user:s3cret@cache.example.com')).toEqual([['URL_WITH_CREDENTIALS', 'redis://user:s3cret@cache.example.com']]);
  });

  it('looks only for the requested types and drops low scores', () => {
    const text = 'mail jane@example.com, call (415) 555-0132';
    expect(found(text, ['PHONE'])).toEqual([['PHONE', '(415) 555-0132']]);
    expect(detectPii(text, { minimumScore: 0.99 })).toEqual([]);
  });

  it('answers empty and odd inputs without throwing', () => {
    expect(detectPii('')).toEqual([]);
    expect(detectPii(undefined as unknown as string)).toEqual([]);
    const broken = '\ud800 lone surrogates \udfff jane@example.com';
    const start = broken.indexOf('jane');
    expect(detectPii(broken)).toEqual([{ type: 'EMAIL', start, end: start + 'jane@example.com'.length, score: 0.95 }]);
  });
});
