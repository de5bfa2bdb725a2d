/**
 * Word lists for the PERSON and ADDRESS rules, written for this project: titles and cues that
 * introduce a name, capitalised words that are never part of one, street types, unit words,
 * US states and country names. Lower-case, matched after folding accents.
 */

import { foldAccents } from '../text.ts';

function set(list: string): ReadonlySet<string> {
  const words = list.split(/\s+/).filter(Boolean);
  return new Set([...words, ...words.map(foldAccents)]);
}

/** Honorifics: the capitalised words after one are a name even when the gazetteer does not know them. */
export const TITLES = set(`
mr mrs ms miss mx dr prof professor sir dame lady lord madam madame mme mlle monsieur herr frau señor senor señora senora sra sr don doña signor signora
sig rev reverend fr father sister brother capt captain col colonel gen general lt sgt sergeant officer det detective judge justice hon
`);

/** Words that open a greeting or a signature, after which a name often follows. */
export const GREETINGS = set(`dear hi hello hey hiya greetings thanks thank cheers regards sincerely best yours attn attention cc to from`);

/**
 * Capitalised words that are not names: sentence starters, pronouns, days, months, and words
 * that mark an organisation or a place. A run of capitalised words containing one of the latter
 * is an organisation or place, not a person.
 */
export const NOT_NAME_WORDS = set(`
i a an the this that these those it its he she we they you your our my me him her them his their there here what which who whom whose when where why how
and or but nor so yet if then than as at by for from in into of off on onto out over per to up upon via with within without about above after against
along among around before behind below beneath beside between beyond during except inside near since through toward towards under until
is are was were be been being am do does did done have has had having can could shall should will would may might must not no yes ok okay please
thanks thank hello hi hey dear regards best sincerely cheers welcome sorry note notes see also re fwd fw subject attached attachment
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
january february march april june july september october november december jan feb mar apr jun jul aug sep sept oct nov dec
today tomorrow yesterday tonight morning afternoon evening night week weekend month year
one two three four five six seven eight nine ten first second third last next new old good great
all any both each every few many more most other some such only own same very just
north south east west northern southern eastern western central upper lower
team all everyone everybody folks guys world friend friends colleagues customer customers support admin user users client clients
day days christmas easter thanksgiving halloween hanukkah ramadan diwali
prince princess queen duke duchess royal emperor empress pope saint
english french german spanish italian portuguese dutch russian chinese japanese korean arabic hindi turkish polish swedish norwegian danish finnish
greek hebrew latin persian thai vietnamese indonesian ukrainian czech hungarian romanian american british canadian australian indian mexican brazilian
european african asian irish scottish welsh swiss austrian belgian
mac windows linux android iphone ipad chrome safari firefox excel powerpoint outlook python java javascript typescript kotlin
`);

/** Words that make a capitalised run an organisation, product or place rather than a person. */
export const ORGANIZATION_WORDS = set(`
inc incorporated corp corporation co company ltd limited llc llp plc gmbh ag sa sas sarl bv nv oy ab as spa srl pty kk group holdings partners associates
bank university college school academy institute hospital clinic center centre foundation trust fund society association council committee department
ministry agency office bureau service services solutions systems technologies technology labs laboratory software network networks media studio studios
hotel restaurant cafe airport station church cathedral museum library gallery theatre theater stadium arena park mall market shop store club team
orchestra band choir ensemble quartet trio records productions pictures films press publishing magazine journal times news weekly daily radio tv
street st road rd avenue ave boulevard blvd lane ln drive dr court ct place pl square sq terrace highway way parkway
city county state province region republic kingdom island islands mountain mountains river lake sea ocean valley bay beach coast
api sdk http https json xml sql html css url cli gpu cpu aws gcp azure openai anthropic google microsoft apple amazon meta
investments investment capital ventures consulting consultants enterprises industries brands logistics insurance financial finance bancorp realty
properties motors airlines airways pharma pharmaceuticals therapeutics biotech energy foods sons brothers bros research healthcare medical dental
legal law advisors advisers management marketing design digital analytics entertainment games global international worldwide national lines
`);

/**
 * Street types: the USPS street suffixes (full and abbreviated) and the main European ones. After
 * a house number and a capitalised name they end a street line (`742 Evergreen Terrace`).
 */
export const STREET_TYPES = set(`
alley aly annex anx arcade arc avenue ave av bayou byu beach bch bend bnd bluff blf bluffs bottom btm boulevard blvd bd branch br bridge brg brook brk brooks
burg burgs bypass byp camp cp canyon cyn cape cpe causeway cswy center ctr centers circle cir circles cliff clf cliffs club common commons corner cor corners
course crse court ct courts cove cv coves creek crk crescent cres crest crst crossing xing crossroad curve dale dl dam dm divide dv drive dr drives estate est
estates expressway expy extension ext extensions exts falls fls ferry fry field fld fields flds flat flt flats ford frd fords forest frst forge frg forges fork
frk forks fort ft freeway fwy garden gdn gardens gdns gateway gtwy glen gln glens green grn greens grove grv groves harbor hbr harbors haven hvn heights hts
highway hwy hill hl hills hls hollow holw inlet inlt island is islands iss isle junction jct junctions key ky keys knoll knl knolls lake lk lakes lks landing
lndg lane ln light lgt lights loaf lf lock lck locks lodge ldg loop mall manor mnr manors meadow mdw meadows mdws mews mill ml mills mission msn motorway mtwy
mount mt mountain mtn mountains neck nck orchard orch oval overpass opas park parks parkway pkwy pky parkways pass passage psge path pike pine pines place pl
plain pln plains plns plaza plz point pt points pts port prt ports prairie pr radial radl ramp ranch rnch rapid rpd rapids rpds rest rst ridge rdg ridges
river riv road rd roads rds route rte row rue run shoal shl shoals shore shr shores skyway skwy spring spg springs spgs spur spurs square sq squares sqs
station sta stravenue stra stream strm street st str streets sts summit smt terrace ter tce throughway trwy trace trce track trak trafficway trfy trail trl
trailer trlr tunnel tunl turnpike tpke underpass upas union un unions valley vly valleys viaduct via view vw views village vlg villages ville vl vista vis
walk walks wall way ways well wl wells close mews grove parade pde quay wharf esplanade promenade rise gate
straße strasse weg gasse allee platz ring damm ufer chaussee steig pfad markt
rue avenue boulevard chemin allée impasse quai cours route voie passage
calle avenida avda carrer carretera camino paseo plaza ronda travesía
via viale piazza corso vicolo largo strada
rua travessa praça estrada alameda
straat laan plein gracht kade singel dreef
gatan gata vägen väg gränd torget torg vej gade allé
katu tie kuja polku
ulica ul aleja al utca u út tér krt körút
gate gaten vei veien plass torv plads stræde tee põik tänav maantee útja rakpart rkp köz sor trg cesta ulice náměstí třída nábřeží stig
`);

/** Street types written before the name: `rue de la Paix`, `Calle Mayor`, `Via Roma`, `ul. Długa`. */
export const TYPE_FIRST_STREET_TYPES = set(`
rue avenue boulevard chemin allée impasse quai cours route voie place calle avenida avda carrer carretera camino paseo plaza ronda travesía via viale
piazza corso vicolo largo strada rua rúa travessa praça estrada alameda ulica ul aleja al av avd trg
`);

/** Suffixes of one-word street names: Koskikatu, Hauptstraße, Storgatan, Kerkstraat, Bahnhofweg, Søndergade. */
export const STREET_SUFFIXES: readonly string[] = [
  'straße', 'strasse', 'str.', 'weg', 'gasse', 'allee', 'platz', 'damm', 'ring', 'ufer', 'steig',
  'straat', 'laan', 'plein', 'gracht', 'kade', 'singel',
  'gatan', 'vägen', 'vagen', 'gränd', 'torget', 'vej', 'gade', 'veien', 'vegen', 'gata', 'stien', 'vænget', 'stræti', 'vegur', 'gøtu',
  'katu', 'tie', 'kuja', 'polku', 'tänav', 'iela', 'gatvė', 'gatve', 'utca', 'ulica', 'ulice', 'cesta',
  'stræde', 'plads', 'torv', 'veien', 'vegen', 'gaten', 'vägen',
];

/** Unit designators after a street line: `Apt. 4`, `Suite 200`, `# 12`. */
export const UNIT_WORDS = set(`apt apartment suite ste unit fl floor rm room bldg building dept lot no nr flat wohnung etage piso porta bus`);

export const US_STATE_CODES = set(`
al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc
pr gu vi
`);

/** Country and US state names that close an address (lower-case, multi-word names joined by spaces). */
export const PLACE_NAMES = set(`
usa us america canada mexico brazil argentina chile colombia peru venezuela uruguay paraguay bolivia ecuador
uk england scotland wales ireland france germany deutschland spain españa espana portugal italy italia netherlands nederland belgium belgique
switzerland schweiz suisse austria österreich osterreich denmark danmark norway norge sweden sverige finland suomi iceland poland polska
czechia czech slovakia hungary romania bulgaria greece turkey türkiye turkiye russia ukraine estonia latvia lithuania croatia serbia slovenia
bosnia albania macedonia montenegro cyprus malta luxembourg monaco liechtenstein andorra
china japan korea india pakistan bangladesh indonesia malaysia singapore thailand vietnam philippines taiwan australia zealand israel egypt
morocco tunisia algeria nigeria ghana kenya ethiopia tanzania uganda africa emirates arabia qatar kuwait jordan lebanon iran iraq
alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa kansas kentucky louisiana
maine maryland massachusetts michigan minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma
oregon pennsylvania rhode island tennessee texas utah vermont virginia washington wisconsin wyoming
chicago houston phoenix philadelphia dallas austin denver boston seattle atlanta miami detroit portland nashville memphis baltimore milwaukee
albuquerque tucson sacramento omaha cleveland pittsburgh cincinnati orlando tampa honolulu anchorage minneapolis brooklyn manhattan
london paris berlin madrid barcelona rome milan naples vienna prague warsaw krakow budapest amsterdam rotterdam brussels antwerp dublin lisbon porto
zurich geneva munich hamburg frankfurt cologne stuttgart stockholm oslo copenhagen helsinki reykjavik athens istanbul ankara moscow kyiv kiev
tokyo osaka kyoto beijing shanghai shenzhen delhi mumbai bangalore chennai kolkata karachi lahore dhaka jakarta manila bangkok hanoi seoul
sydney melbourne brisbane perth auckland toronto vancouver montreal ottawa calgary edmonton cairo lagos nairobi johannesburg dubai riyadh
`);
