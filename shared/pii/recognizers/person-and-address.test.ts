import { describe, expect, it } from 'vitest';
import { detectPii, type PiiType } from '../index.ts';

function found(text: string, type: PiiType): string[] {
  return detectPii(text, { types: [type] }).map((span) => text.slice(span.start, span.end));
}

// Names and addresses made up for these tests.
describe('PERSON', () => {
  it.each([
    ['a census given name and surname', 'Please ask Kathleen Whitfield about it.', ['Kathleen Whitfield']],
    ['a list with given names', 'Thanks to Ana, Luis, Marta and Tomasz for the help.', ['Ana', 'Luis', 'Marta', 'Tomasz']],
    ['a lower-case name after "my name is"', 'hi, my name is maria lopez and i need help', ['maria lopez']],
    ['name fields in JSON', '{"first_name": "maria", "last_name": "lopez", "plan": "pro"}', ['maria', 'lopez']],
    ['a name field in a form', 'Last name: Okonkwo', ['Okonkwo']],
    ['an answer to a name question', "What's your last name? Okonkwo", ['Okonkwo']],
    ['a lower-case title', 'please ask ms. Fairbanks to call me', ['Fairbanks']],
    ['a family cue', 'I want to add my daughter Zuzanna to the plan', ['Zuzanna']],
    ['a quote attribution', '"It shipped on time," says Okonkwo.', ['Okonkwo']],
    ['a signature line', 'Best,\nKathleen Whitfield\nSenior accountant', ['Kathleen Whitfield']],
    ['a chat transcript label', 'Okafor: are you there?\nSupport: yes', ['Okafor']],
    ['a surname doing what people do', 'Okafor said the deploy is done.', ['Okafor']],
  ])('finds %s', (_name, text, expected) => {
    expect(found(text, 'PERSON')).toEqual(expected);
  });

  it.each([
    ['a firm named after surnames', 'Hale, Ortiz and Brandt is a law firm.'],
    ['a firm with "& Sons"', 'Contact Lopez & Sons today'],
    ['a label that is not a name', 'Note: this is important'],
    ['a city after "to"', 'I am moving to Denver next week'],
    ['a language', 'It was translated into German.'],
    ['a country', 'We moved here from Canada'],
    ['a holiday', 'We close on Labor Day.'],
    ['capitals inside a word', 'the ReLeases page'],
  ])('reports no name in %s', (_name, text) => {
    expect(found(text, 'PERSON')).toEqual([]);
  });
});

describe('ADDRESS', () => {
  it.each([
    ['a lower-case street', 'I live at 42 maple street apt 3', ['42 maple street apt 3']],
    ['an address label', 'address: 17 rue du moulin, 75011 paris', ['17 rue du moulin, 75011 paris']],
    ['an address block under its label', 'Address:\n  88 Harbor Road\n  Unit 5\n  Riverton, IL 62704\n\nThanks', ['88 Harbor Road\n  Unit 5\n  Riverton, IL 62704']],
    ['a JSON field', '{"shipping_address": "88 Harbor Road, Riverton"}', ['88 Harbor Road, Riverton']],
    ['a street corner', 'Meet me at the corner of Main Street and 5th Avenue.', ['the corner of Main Street and 5th Avenue']],
    ['a lower-case military address', 'ship to psc 1234, box 5678, apo ae 09021', ['psc 1234, box 5678, apo ae 09021']],
    ['a street type written after the name in lower case', 'Erzsébet tér 19, Budapest', ['Erzsébet tér 19, Budapest']],
    ['a quoted address block', '> 88 Harbor Road\n> Riverton, IL 62704', ['88 Harbor Road\n> Riverton, IL 62704']],
    ['a house number that ends the text', 'Ship it to Villacher Strasse 89', ['Villacher Strasse 89']],
    ['a street named after a person', 'Deliver to 12 Maria Lopez Street, Riverton', ['12 Maria Lopez Street, Riverton']],
  ])('finds %s', (_name, text, expected) => {
    expect(found(text, 'ADDRESS')).toEqual(expected);
  });

  it.each([
    ['an IP or e-mail address label', 'IP address: 10.0.0.1 and email address: ops@example.com'],
    ['a corner that is not a street', 'Put it in the corner of the room and the window.'],
    ['numbers before plural nouns', 'The 3 main roads are closed and 12 streets are flooded.'],
    ['an address question', 'What is your address? I will send it later.'],
  ])('reports no address in %s', (_name, text) => {
    expect(found(text, 'ADDRESS')).toEqual([]);
  });
});
