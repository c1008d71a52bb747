"""Vocabularies of the synthetic POA generator: invented people, companies and places.

None of the people or companies of the real dev exhibits is here (a test checks it), so the
evaluation on those exhibits is not memorised.
"""

from __future__ import annotations

__all__ = [
    "FIRST_NAMES",
    "LAST_NAMES",
    "ACCENTED_NAMES",
    "PARTICLE_LAST_NAMES",
    "SUFFIXES",
    "ORG_HEADS",
    "ORG_DIGIT_HEADS",
    "ORG_MIDS",
    "ORG_SUFFIXES",
    "LAW_FIRMS",
    "FUND_SUFFIXES",
    "TITLES",
    "STATES",
    "MONTHS",
    "ORDINAL_WORDS",
    "CITIES",
    "STREETS",
]

FIRST_NAMES = (
    "Aaron", "Abigail", "Adaeze", "Adrian", "Agnes", "Aiko", "Alan", "Alejandro", "Alessandra",
    "Alistair", "Amara", "Ambrose", "Amelia", "Anand", "Anders", "Angela", "Anika", "Anton",
    "Arjun", "Arturo", "Astrid", "Aurelio", "Barbara", "Beatrix", "Benedikt", "Bernard", "Bianca",
    "Bjorn", "Bradford", "Brenda", "Caleb", "Camille", "Carlos", "Carmen", "Cecilia", "Chidi",
    "Chloe", "Clarence", "Colette", "Cornelius", "Dalia", "Damian", "Darnell", "Deborah", "Declan",
    "Deepa", "Desmond", "Dmitri", "Dolores", "Donovan", "Dorothy", "Eamon", "Edgar", "Edith",
    "Eduardo", "Elena", "Elias", "Elif", "Eloise", "Emeka", "Emil", "Esther", "Eugene", "Evelyn",
    "Fabian", "Farah", "Felipe", "Fiona", "Florian", "Frances", "Franklin", "Gabriela", "Garrett",
    "Genevieve", "Gideon", "Giulia", "Gordon", "Gretchen", "Gustavo", "Hamid", "Harriet", "Hector",
    "Heidi", "Helga", "Hiroshi", "Horace", "Ibrahim", "Ines", "Ingrid", "Irene", "Isaac", "Ivan",
    "Jacinta", "Jasper", "Javier", "Jerome", "Joaquin", "Jocelyn", "Josephine", "Kamala", "Kaveh",
    "Keiko", "Kenji", "Kwame", "Lars", "Leandro", "Leonora", "Lillian", "Lionel", "Lorenzo",
    "Lucinda", "Ludmila", "Magnus", "Malcolm", "Marguerite", "Mariana", "Marisol", "Matthias",
    "Maureen", "Maximilian", "Meredith", "Miguel", "Milos", "Miriam", "Mordecai", "Nadia",
    "Naveen", "Neville", "Nikolai", "Nnamdi", "Noemi", "Octavia", "Olamide", "Oren", "Orlando",
    "Oscar", "Pablo", "Padma", "Patrice", "Penelope", "Percival", "Philippa", "Priya", "Quentin",
    "Rafael", "Ramona", "Reginald", "Renata", "Rosalind", "Rupert", "Sabine", "Salvatore",
    "Sanjay", "Saoirse", "Sebastian", "Seamus", "Serena", "Sigrid", "Solveig", "Stellan", "Sunil",
    "Svetlana", "Tamsin", "Thaddeus", "Theodora", "Tobias", "Ulrich", "Ursula", "Valentina",
    "Vikram", "Vivienne", "Wendell", "Wilhelmina", "Winifred", "Xavier", "Yara", "Yusuf",
    "Zachariah", "Zainab", "Zelda", "Zoltan",
)

LAST_NAMES = (
    "Abernathy", "Achebe", "Adeyemi", "Albrecht", "Alcott", "Amundsen", "Andersson", "Arbuckle",
    "Ashworth", "Avila", "Bancroft", "Barrington", "Beaumont", "Bergstrom", "Blackwood",
    "Bogdanovic", "Bramwell", "Brightwater", "Calloway", "Castellano", "Chakraborty", "Chatterjee",
    "Cavanaugh", "Delacroix", "Dimitriou", "Donnelly", "Dunmore", "Eberhardt", "Ekwueme",
    "Ellsworth", "Engstrom", "Espinoza", "Fairbanks", "Falkner", "Ferreira", "Fitzgerald",
    "Fonseca", "Gallagher", "Galloway", "Gandhi", "Gerhardt", "Gillespie", "Grimaldi", "Halvorsen",
    "Hargreaves", "Hathaway", "Hawthorne", "Heidegger", "Holloway", "Iglesias", "Ishikawa",
    "Iwasaki", "Jablonski", "Jankowski", "Kapoor", "Kavanagh", "Kessler", "Kirkpatrick",
    "Kowalczyk", "Lachance", "Lindqvist", "Lockhart", "Lombardi", "Lundgren", "Macaulay",
    "Magnusson", "Maldonado", "Marchetti", "Mbeki", "Mendelssohn", "Montgomery", "Moriarty",
    "Nakamura", "Narayanan", "Nkemelu", "Novak", "Nyberg", "Oyelaran", "Okonkwo", "Ostrowski",
    "Pemberton", "Pendleton", "Petrakis", "Quintero", "Radcliffe", "Rasmussen", "Ravensworth",
    "Rinaldi", "Rothschild", "Sandoval", "Satterfield", "Schoenberg", "Sheffield", "Sokolov",
    "Stanhope", "Strickland", "Takahashi", "Thornbury", "Trevelyan", "Underwood", "Valdivia",
    "Vasquez", "Villanueva", "Wainwright", "Whitfield", "Wojcik", "Yamamoto", "Yevtushenko",
    "Zamora", "Zielinski", "Zimmerman",
)

ACCENTED_NAMES = (
    "José Núñez", "Zoë Lefèvre", "François Dubé", "Łukasz Wróbel", "Søren Kjærgaard",
    "Inês Gonçalves", "Jürgen Köhler", "Renée Béranger", "Ştefan Popescu", "Ángel Ibáñez",
)

PARTICLE_LAST_NAMES = (
    "van der Berg", "de la Cruz", "von Hessen", "da Silva", "di Matteo", "van Houten", "de Vries",
    "del Toro", "Le Blanc", "St. Clair", "O'Sullivan", "McAllister", "MacGregor", "D'Angelo",
    "Garcia-Marquez", "Lloyd-Pemberton", "Ortega y Gasset",
)

SUFFIXES = (
    "Jr.", "Sr.", "II", "III", "IV",
)

ORG_HEADS = (
    "Northwind", "Altamira", "Bluewater", "Cascadia", "Evergreen", "Ironbridge", "Lumina",
    "Meridian", "Nimbus", "Orion", "Pinnacle", "Quantum", "Redwood", "Sapphire", "Summit",
    "Tidewater", "Vantage", "Westfield", "Zephyr", "Aurora", "Bellwether", "Cobalt", "Driftwood",
    "Emberly", "Foxhollow", "Granite", "Harborview", "Keystone", "Lakeshore", "Magnolia", "Nova",
    "Obsidian", "Polaris", "Riverbend", "Silverline", "Trident", "Umbra", "Verdant", "Willowbrook",
    "Xylo", "Yellowstone", "Zenith", "Arclight", "Brightpath", "Clearsky", "Deepfield",
    "Everstone", "Firecrest", "Goldleaf", "Highmark", "Innova", "Juniper", "Kestrel",
)

ORG_DIGIT_HEADS = (
    "4Front", "360Loop", "7Seas", "21Vector", "3Sigma", "9Meters", "101Bio",
)

ORG_MIDS = (
    "Therapeutics", "Biosciences", "Pharmaceuticals", "Technologies", "Systems", "Networks",
    "Energy", "Semiconductor", "Software", "Capital", "Financial", "Holdings", "Brands", "Medical",
    "Robotics", "Genomics", "Logistics", "Media", "Minerals", "Bancorp", "Labs", "Health", "Data",
    "Motors", "Foods", "Realty", "Communications", "Diagnostics",
)

ORG_SUFFIXES = (
    "Inc.", ", Inc.", "Corp.", "Corporation", ", Ltd.", "Co.", ", LLC", "Holdings, Inc.",
    "Group, Inc.", "plc", "N.V.", ", L.P.", "Holding Co.", "Incorporated", "Ltd.", "AG", "S.A.",
)

LAW_FIRMS = (
    "Hargrove & Lindqvist LLP", "Pemberton Ashworth LLP", "Castellano, Reyes & Tate LLP",
    "Whitfield Brandt LLP", "Galloway Strand & Moss LLP", "Okonkwo Barrister Group LLP",
    "Thornbury Vance P.C.", "Radcliffe & Ostrowski, P.C.",
)

FUND_SUFFIXES = (
    "Fund III, L.P.", "Partners II, L.P.", "Ventures, LLC", "Growth Fund IV, L.P.",
    "Capital Management, LLC", "Opportunity Fund, L.P.",
)

TITLES = (
    "Director", "Chief Executive Officer", "Managing Member", "General Partner",
    "Chief Financial Officer", "Authorized Signatory", "President", "Managing Director",
)

STATES = (
    "Delaware", "Nevada", "Maryland", "California", "New York", "Cayman Islands",
)

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)

ORDINAL_WORDS = (
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
    "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third",
    "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh", "twenty-eighth",
    "twenty-ninth", "thirtieth", "thirty-first",
)

CITIES = (
    "Menlo Park", "San Mateo", "Palo Alto", "New Canaan", "Greenwich", "Boston", "Santa Monica",
    "Los Altos", "Short Hills", "Lake Forest",
)

STREETS = (
    "2800 Sand Hill Road", "100 Main Street, Suite 400", "One Market Plaza", "55 Water Street",
    "400 Park Avenue, 12th Floor",
)
