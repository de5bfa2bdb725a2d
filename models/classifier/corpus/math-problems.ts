/**
 * Math word problems written from number templates: one-step problems a small model solves, and
 * multi-step ones (rates, percentages, chained quantities) that need a stronger one.
 */
import type { TemplateSet } from './template-set.ts';

const labels = (difficulty: 'simple' | 'complex'): TemplateSet['labels'] => ({ injection: 'benign', difficulty, task: 'math' });

export const MATH_SLOTS = {
  item: ['apples', 'stickers', 'marbles', 'cookies', 'books', 'pencils', 'cupcakes', 'trading cards', 'eggs', 'balloons', 'seashells', 'tomatoes'],
  shop: ['bakery', 'bookstore', 'farm stand', 'toy shop', 'florist', 'hardware store', 'café', 'bike shop'],
  small: ['2', '3', '4', '5', '6', '7', '8', '9', '10', '12'],
  medium: ['14', '18', '24', '30', '36', '45', '48', '60', '72', '96', '120', '150'],
  price: ['2', '3.50', '4', '5.25', '8', '12', '15', '0.75', '1.20', '20'],
  percent: ['10', '15', '20', '25', '30', '40', '50'],
};

export const MATH_SETS: readonly TemplateSet[] = [
  {
    source: 'math-word-simple',
    labels: labels('simple'),
    perTemplate: 20,
    templates: [
      '{name} has {medium} {item} and gives away {small}. How many are left?',
      '{name} buys {small} {item} at ${price} each. How much does {name} pay?',
      'A bus carries {medium} people and {small} get off. How many are still on the bus?',
      'There are {small} boxes with {small} {item} in each. How many {item} in total?',
      'A shirt costs ${medium} and is {percent}% off. What is the sale price?',
      'If I drive {medium} km per hour, how far do I get in {small} hours?',
      '{name} reads {small} pages a day. How many pages in a week?',
      'A recipe needs {small} eggs for {small} people. How many eggs for twice as many people?',
      '{medium} {item} are shared equally among {small} kids. How many does each get?',
      'What is {percent}% of {medium}?',
      'I had ${medium} and spent ${small}. How much money do I have left?',
    ],
  },
  {
    source: 'math-word-complex',
    labels: labels('complex'),
    perTemplate: 20,
    templates: [
      '{name} sells {item} at the {shop} for ${price} each. On Monday {name} sells {medium}, on Tuesday twice as many, and on Wednesday {small} fewer than on Tuesday. Each one costs ${price} to make. What is the total profit for the three days?',
      'A {shop} orders {medium} {item}. {percent}% arrive damaged, a third of the rest are sold on the first day, and half of what remains on the second day. How many are left?',
      '{name} earns ${medium} per hour for the first 40 hours and time and a half for overtime. Last week {name} worked {medium} hours, paid {percent}% tax and spent ${medium} on groceries. How much is left?',
      'Two pipes fill a tank in {small} and {small} hours respectively, while a drain empties it in {medium} hours. If all three are open, how long does it take to fill the tank?',
      '{name} is {small} times as old as {name}. In {small} years {name} will be twice as old as {name}. How old are they now?',
      'A phone plan costs ${medium} a month plus ${price} per GB over {small} GB. {name} used {medium} GB in March and {small} GB less in April. What did the two months cost together, after a {percent}% loyalty discount?',
      'A train travels {medium} km at {medium} km/h, stops for {small}0 minutes, then travels {medium} km at {medium} km/h. What is its average speed for the whole trip?',
      'A farmer plants {medium} rows with {small} {item} plants each. {percent}% of the plants fail, each surviving plant yields {small} kg, and the farmer sells the harvest at ${price} per kg after giving away {small} kg. How much money does the farmer make?',
      '{name} saves ${medium} in January and increases the amount by ${small} every month. How much has {name} saved by the end of the year, and in which month does the total pass ${medium}0?',
      'The price of a {item} rose by {percent}% and then fell by {percent}%. If it now costs ${medium}, what was the original price?',
    ],
  },
];
