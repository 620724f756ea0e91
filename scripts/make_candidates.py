"""Generate data/candidates.csv: a fictitious, seeded pool of WGIG-style nominees.

Reads data/countries.csv (see scripts/build_countries.py) and writes one row per
candidate with the columns

    id,name,gender,country,region,development,stakeholder,school,organisation,score

Everything is drawn from random.Random(seed), so the same seed, n and
countries.csv give the same file byte for byte. Standard library only:

    python scripts/make_candidates.py [--seed 2004] [--n 360] [--out data/candidates.csv]

All person names and all organisations except the intergovernmental bodies are
invented. The script ends with a summary of the pool and warns about any target
that the pool misses (targets are tuned for n around 360).
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COUNTRIES = ROOT / "data" / "countries.csv"
DEFAULT_OUT = ROOT / "data" / "candidates.csv"
DEFAULT_SEED = 2004
DEFAULT_N = 360
COLUMNS = [
    "id", "name", "gender", "country", "region", "development",
    "stakeholder", "school", "organisation", "score",
]


def codes(text: str) -> list[str]:
    """Split a space-separated list of ISO3 codes."""
    return text.split()


AFR, APG, EEG, GRULAC, WEOG = (
    "African", "Asia-Pacific", "Eastern European",
    "Latin American and Caribbean", "Western European and Others",
)
GOV, PRIV, CIV, ACAD, IGO = (
    "government", "private sector", "civil society",
    "academic and technical", "intergovernmental",
)
MULTI, EVO, PRIVLED = "multilateral oversight", "evolutionary reform", "private-sector led"
SCHOOLS = (MULTI, EVO, PRIVLED)

# Share of the pool per UN regional group: WEOG and Asia-Pacific nominate most,
# Eastern Europe least (but every group keeps at least 30 at n=360).
REGION_SHARE: dict[str, float] = {WEOG: 0.30, APG: 0.23, AFR: 0.18, GRULAC: 0.16, EEG: 0.13}
STAKEHOLDER_SHARE: dict[str, float] = {GOV: 0.40, PRIV: 0.20, CIV: 0.18, ACAD: 0.16, IGO: 0.06}
# Probability that a nominee is a woman, by stakeholder group (about 38 % overall).
WOMAN_SHARE: dict[str, float] = {GOV: 0.32, PRIV: 0.27, CIV: 0.56, ACAD: 0.44, IGO: 0.45}
# Probability of each school (MULTI, EVO, PRIVLED) by stakeholder and development.
SCHOOL_WEIGHTS: dict[tuple[str, str], tuple[float, float, float]] = {
    (GOV, "developing"): (0.62, 0.28, 0.10),
    (GOV, "developed"): (0.12, 0.50, 0.38),
    (PRIV, "developing"): (0.15, 0.35, 0.50),
    (PRIV, "developed"): (0.04, 0.24, 0.72),
    (CIV, "developing"): (0.42, 0.40, 0.18),
    (CIV, "developed"): (0.28, 0.45, 0.27),
    (ACAD, "developing"): (0.30, 0.42, 0.28),
    (ACAD, "developed"): (0.08, 0.32, 0.60),
    (IGO, "developing"): (0.50, 0.47, 0.03),
    (IGO, "developed"): (0.40, 0.55, 0.05),
}
MIN_PER_STAKEHOLDER_SCHOOL = 3

# Former IGF and WSIS hosts: each gets government nominees (a woman and a man,
# except the few in HOSTS_ONE_NOMINEE, which send one man).
HOSTS = ("GRC", "BRA", "IND", "EGY", "LTU", "KEN", "AZE", "IDN", "TUR", "MEX",
         "CHE", "FRA", "DEU", "POL", "ETH", "JPN", "SAU", "NOR", "TUN")
HOSTS_ONE_NOMINEE = ("AZE", "SAU", "LTU")

# How active a country is in nominating (default 1).
COUNTRY_WEIGHT: dict[str, float] = {
    **dict.fromkeys(codes(
        "USA GBR FRA DEU CHE BRA IND CHN JPN ZAF EGY KEN NGA RUS ARG MEX CAN AUS "
        "NLD SWE IRN PAK SAU TUN SEN KOR"), 4.0),
    **dict.fromkeys(codes(
        "ITA ESP NOR FIN DNK BEL AUT IRL NZL GRC PRT POL CZE UKR ROU HUN LTU EST "
        "BGR SRB ARM GEO AZE MDA KAZ UZB IDN MYS SGP THA VNM PHL BGD LKA NPL "
        "ARE QAT JOR LBN MAR DZA GHA UGA TZA RWA ETH CMR CIV ZWE ZMB COL CHL PER "
        "VEN CUB URY ECU BOL CRI TTO JAM BRB DOM GTM ISR MNG FJI MKD"), 2.0),
}

# Generic government bodies; "(ISO3)" is appended, e.g. "Ministry of Communications (BRA)".
GOV_BODIES = (
    "Ministry of Communications", "Ministry of Foreign Affairs",
    "Ministry of Information Technology", "Ministry of Digital Affairs",
    "Telecommunications Regulatory Authority", "National Communications Commission",
    "Permanent Mission to the United Nations Office at Geneva",
    "National Cybersecurity Agency", "Ministry of Economy and Trade",
)
GOV_BODY_MAX = 3
GOV_JOIN_PROB = 0.55

# Fictional organisations: (name, weight, region or None for any region).
PRIVATE_ORGS: list[tuple[str, float, str | None]] = [
    ("Meridian Telecom Group", 6, None), ("Global Hosting Alliance", 5, None),
    ("Kestrel Networks", 4, None), ("Bluewater Cable Consortium", 3, None),
    ("Orison Software Ltd.", 2, None), ("Tessera Data Centres", 2, None),
    ("Council of Digital Commerce Associations", 4, None),
    ("Ridgeline Telecom Holdings", 2, None), ("Aldermoor Domain Services", 2, None),
    ("Sable Point Registry", 2, None), ("Corvid Mobile", 2, None),
    ("Harbourline Satellite Systems", 1, None),
    ("Pan-African Telecom Operators' Association", 4, AFR),
    ("Andean Broadband Partners", 3, GRULAC),
    ("Asia-Pacific Digital Industry Council", 4, APG),
    ("Baltic-Black Sea ICT Business Forum", 3, EEG),
    ("Atlantic Internet Business Federation", 3, WEOG),
    ("Quillon Semiconductor", 1, None), ("Nimbusfold Cloud", 2, None),
    ("Arden, Vale & Partners LLP", 1, None), ("Small Business Internet Coalition", 2, None),
    ("World Digital Trade Chamber", 3, None), ("Crescent Gulf Telecom", 2, APG),
    ("Saffron Payments", 1, None), ("Polaris Content Networks", 2, None),
    ("Tidewater Registrars' Guild", 2, None),
]
CIVIL_ORGS: list[tuple[str, float, str | None]] = [
    ("Open Network Citizens' Forum", 6, None), ("Net Liberties Collective", 4, None),
    ("Women's ICT Advocacy Network", 5, None), ("Community Networks Initiative", 3, None),
    ("Coalition for Access, Equity and Rights Online", 3, None),
    ("Pan-African Digital Inclusion Network", 4, AFR),
    ("Latin American Internet Citizens Observatory", 3, GRULAC),
    ("Asia Pacific Free Expression Network", 3, APG),
    ("Eastern European Open Web Association", 3, EEG),
    ("Consumers' Digital Council", 2, None), ("Foundation for a Multilingual Internet", 2, None),
    ("Private Sphere Alliance", 2, None), ("Next Generation Net Collective", 2, None),
    ("Rural Connectivity Trust", 2, None), ("Accessible Web Union", 1, None),
    ("Media, Technology and Democracy Institute", 2, None),
    ("Free Software Commons Association", 2, None), ("Lantern Human Rights Network", 2, None),
    ("Development Informatics Partnership", 2, None), ("Fair Bandwidth Campaign", 1, None),
    ("Global Library Connect Society", 1, None), ("Labour and Technology Forum", 1, None),
    ("Indigenous Languages Online Network", 1, None),
    ("Children's Online Safety Federation", 1, None), ("Civic Tech Commons", 2, None),
]
ACADEMIC_ORGS: list[tuple[str, float, str | None]] = [
    ("Transcontinental Institute of Technology", 5, None),
    ("Network Operators' Research Group", 5, None), ("Open Routing Standards Forum", 4, None),
    ("Institute for Internet Policy Studies", 3, None),
    ("Address Registry Coordination Council", 3, None), ("Northbridge University", 2, None),
    ("Southern Cross Polytechnic", 2, None), ("Centre for Information Society Research", 2, None),
    ("Cryptography and Security Research Institute", 2, None),
    ("Lakeside University School of Informatics", 1, None),
    ("Academy of Telecommunications Engineering", 2, None),
    ("Institute of Law, Technology and Governance", 2, None),
    ("Pan-African School of Computing", 3, AFR),
    ("Latin American Network Research Centre", 3, GRULAC),
    ("Asia-Pacific Institute of Digital Studies", 3, APG),
    ("Carpathian Technical University", 2, EEG), ("Domain Name Measurement Lab", 1, None),
    ("Root Operations Research Cooperative", 2, None),
    ("Harbour City University Faculty of Law", 1, None),
    ("Interoperability Testing Foundation", 1, None),
    ("Open Protocols Working Collective", 2, None),
    ("Internet Measurement Observatory", 1, None), ("St. Aldric's College of Engineering", 1, None),
    ("Wireless Access Research Network", 1, None), ("Institute for Digital Economics", 1, None),
]
NON_GOV_ORGS: dict[str, list[tuple[str, float, str | None]]] = {
    PRIV: PRIVATE_ORGS, CIV: CIVIL_ORGS, ACAD: ACADEMIC_ORGS,
}

# Real intergovernmental bodies: (name, weight, member countries or None = all).
OECD_MEMBERS = frozenset(codes(
    "AUS AUT BEL CAN CHL COL CRI CZE DNK EST FIN FRA DEU GRC HUN ISL IRL ISR ITA JPN "
    "KOR LVA LTU LUX MEX NLD NZL NOR POL PRT SVK SVN ESP SWE CHE TUR GBR USA"))
COE_NON_MEMBERS = frozenset(codes("BLR RUS USA CAN AUS NZL ISR"))
IGO_ORGS: list[tuple[str, float, str]] = [
    ("International Telecommunication Union (ITU)", 5, "all"),
    ("UNESCO", 2, "all"),
    ("World Intellectual Property Organization (WIPO)", 2, "all"),
    ("United Nations Conference on Trade and Development (UNCTAD)", 2, "all"),
    ("United Nations Development Programme (UNDP)", 1.5, "all"),
    ("World Bank", 1, "all"),
    ("Organisation for Economic Co-operation and Development (OECD)", 2, "oecd"),
    ("Council of Europe", 3, "coe"),
    ("African Union Commission", 3, AFR),
    ("United Nations Economic Commission for Africa (ECA)", 2, AFR),
    ("Economic Commission for Latin America and the Caribbean (ECLAC)", 3, GRULAC),
    ("Asia-Pacific Telecommunity (APT)", 3, APG),
    ("Regional Commonwealth in the Field of Communications (RCC)", 2, "rcc"),
]
RCC_MEMBERS = frozenset(codes("ARM AZE BLR KAZ KGZ MDA RUS TJK TKM UZB"))

# Name pools: culture -> (women's given names, men's given names, family names).
NAME_POOLS: dict[str, tuple[str, str, str]] = {
    "anglo": ("Emily Sarah Rachel Laura Hannah Megan Claire Rebecca Alison Joanne Fiona Kathryn",
              "James David Michael Andrew Thomas Richard Daniel Stephen Mark Peter Simon Graham",
              "Whitfield Carver Ashworth Pryce Holloway Brennan Gallagher Marsh Tennant Hadley "
              "Callister Dunmore Fenwick Radley Osborne Kendrick"),
    "french": ("Claire Sophie Camille Isabelle Nathalie Aurélie Élodie Céline Margaux Hélène",
               "Julien Nicolas Olivier Mathieu Laurent Thierry Antoine Benoît Guillaume Rémi",
               "Lefèvre Marchand Rousseau Girard Fontaine Chevalier Perrin Lemoine Barbier "
               "Duval Moreau Caron Renaud"),
    "german": ("Katrin Anja Sabine Julia Miriam Stefanie Ulrike Franziska Birgit Lena",
               "Matthias Stefan Andreas Tobias Jörg Florian Markus Ralf Dieter Lukas",
               "Brandt Vogel Hartmann Krämer Lindner Seidel Winkler Baumann Köhler Reuter "
               "Zimmer Engel Sommer"),
    "dutch": ("Anouk Femke Marieke Sanne Eline Ingrid Lotte",
              "Pieter Joost Maarten Sander Bram Wouter Ruud",
              "de Groot Visser Bakker van Dijk Mulder Smit Hendriks Vermeulen van Leeuwen"),
    "scandinavian": ("Ingrid Sigrid Astrid Karin Liv Helga Maja Kirsten Elin",
                     "Lars Henrik Mikael Anders Einar Magnus Olav Bjørn Gunnar",
                     "Lindqvist Halvorsen Nyberg Sørensen Eriksson Bergstrøm Dahl Holm Strand "
                     "Sigurdsson"),
    "finnish": ("Anniina Sanna Riikka Johanna Tiina Satu", "Jukka Mikko Antti Timo Ville Sami",
                "Virtanen Korhonen Mäkinen Nieminen Laine Heikkinen Koskinen"),
    "italian": ("Giulia Francesca Chiara Elena Valentina Silvia Federica Paola Marta",
                "Marco Luca Giorgio Stefano Davide Paolo Massimo Andrea Fabio",
                "Ferraro Colombo Greco Marchetti Galli Conti Barbieri Fontana Mancini "
                "Rinaldi Caruso Vella"),
    "spanish": ("María Carmen Lucía Elena Marta Pilar Beatriz Nuria Alicia",
                "Javier Carlos Miguel Sergio Pablo Alberto Jordi Raúl Ignacio",
                "Navarro Ortega Serrano Castillo Delgado Molina Vidal Herrero Cortés "
                "Iglesias Garrido"),
    "lusophone": ("Ana Beatriz Mariana Luísa Fernanda Juliana Patrícia Renata Inês Graça",
                  "João Pedro Rafael Tiago Bruno Gustavo Rodrigo Nuno Vasco Amílcar",
                  "Carvalho Ribeiro Almeida Teixeira Moreira Barros Cardoso Mendes Pinto "
                  "Rocha Nogueira Tavares Medeiros"),
    "greek": ("Eleni Maria Katerina Sofia Dimitra Ioanna Christina Despina",
              "Nikos Giorgos Kostas Dimitris Yannis Andreas Stavros Panagiotis",
              "Papadakis Georgiou Konstantinou Nikolaidis Vlachos Economou Christodoulou "
              "Antoniou Karalis Stavrou"),
    "east_slavic": ("Olga Natalia Irina Svetlana Yulia Tatiana Oksana Daria Elena Marina",
                    "Alexei Dmitry Sergei Andrei Igor Pavel Oleksandr Mikhail Yuri Vadim",
                    "Sokolov Volkov Lebedev Kovalenko Morozov Tkachenko Belov Orlov Shevchuk "
                    "Zaitsev Zhuravlev Bondarenko"),
    "polish": ("Katarzyna Agnieszka Magdalena Joanna Ewa Małgorzata",
               "Tomasz Piotr Krzysztof Paweł Marcin Grzegorz",
               "Nowak Kowalczyk Wiśniewski Zieliński Lewandowski Wójcik Kamiński"),
    "czech_slovak": ("Jana Petra Zuzana Lucie Veronika Katarína",
                     "Jakub Martin Tomáš Ondřej Marek Peter",
                     "Dvořák Novák Procházka Svoboda Horák Kučera Němec"),
    "hungarian": ("Eszter Katalin Zsófia Anna Judit Réka",
                  "Gábor László Zoltán Balázs Péter Attila",
                  "Horváth Szabó Tóth Nagy Kovács Farkas Molnár"),
    "romanian": ("Elena Ioana Mihaela Andreea Cristina Irina",
                 "Ion Bogdan Vlad Mihai Radu Adrian",
                 "Popescu Ionescu Stoica Rusu Dumitrescu Ciobanu Munteanu"),
    "south_slavic": ("Milena Ivana Gergana Vesna Jelena Maja Tanja",
                     "Nikola Dragan Stefan Milan Goran Dimitar Luka",
                     "Petrović Dimitrov Nikolovski Jovanović Georgiev Stojanović Kolarov "
                     "Marković Kovač Horvat"),
    "albanian": ("Arta Elira Blerina Mimoza Drita", "Arben Besnik Ilir Gentian Fatos",
                 "Krasniqi Gashi Shehu Leka Dervishi"),
    "lithuanian": ("Rasa Ieva Rūta Agnė Jurgita Laura",
                   "Mindaugas Tomas Linas Rokas Darius Vytautas",
                   "Kazlauskas Petrauskas Jankauskas Vasiliauskas Žukauskas Butkus Stankevičius"),
    "latvian": ("Inga Ilze Dace Liene Baiba Zane", "Andris Jānis Raimonds Māris Edgars Uldis",
                "Ozols Bērziņš Kalniņš Liepiņš Krūmiņš Vītols Zariņš"),
    "estonian": ("Liis Kadri Kaja Triin Piret Kersti", "Mart Tõnu Priit Rein Andres Urmas",
                 "Tamm Saar Mägi Lepik Kask Rebane Kukk"),
    "armenian": ("Anahit Lusine Gayane Mariam Armine Nune", "Armen Tigran Davit Aram Hayk Gor",
                 "Grigoryan Hakobyan Martirosyan Avetisyan Petrosyan Sahakyan Vardanyan"),
    "georgian": ("Nino Tamar Nana Ketevan Salome Maia", "Giorgi Levan Zurab Irakli Davit Lasha",
                 "Beridze Kapanadze Lomidze Tsereteli Gelashvili Gogichaishvili Maisuradze"),
    "azerbaijani": ("Aysel Leyla Günel Nigar Sevinj Aynur", "Rashad Elvin Orkhan Farid Tural Ramil",
                    "Mammadli Huseynli Gasimov Guliyev Rzayev Babayev Najafov"),
    "turkish": ("Ayşe Elif Zeynep Selin Derya Esra Gül Burcu Pınar",
                "Mehmet Emre Burak Kerem Murat Onur Serkan Tolga Volkan",
                "Yılmaz Kaya Demir Çelik Şahin Aydın Öztürk Arslan Doğan Kılıç Korkmaz"),
    "persian": ("Maryam Shirin Leila Parisa Nasrin Zahra Roya Farzaneh Mina",
                "Reza Ali Dariush Kamran Babak Farid Hamid Mehdi Omid",
                "Rahimi Karimi Mohammadi Hosseini Tehrani Ahmadzai Jafari Sadeghi "
                "Rostami Nazari Haidari"),
    "central_asian": ("Aigerim Dilnoza Gulnara Madina Aizhan Nodira Saule Oyuun Zarina",
                      "Nurlan Timur Bakhtiyar Askar Rustam Daniyar Bolat Erlan Sardor",
                      "Abdullaev Nurmagambetov Yusupov Tokhtarov Saidov Beketov Ismailov "
                      "Zhunusov Rakhimov Batbayar"),
    "arabic": ("Fatima Amal Layla Nour Rania Samira Huda Mona Salma Yasmin Dalia Hind",
               "Ahmed Mohamed Omar Khaled Youssef Karim Tarek Hassan Samir Walid Faisal Nabil",
               "Haddad Mansour Khalil Nasser Saleh Farouk Hamdan Aziz Rahman Qasim Bakri "
               "Mahfouz Sharif Hijazi Ben Salem El Idrissi"),
    "hebrew": ("Noa Tamar Michal Yael Shira Dana", "Yossi Avi Eitan Daniel Omer Ronen",
               "Levi Mizrahi Peretz Biton Friedman Katz Ashkenazi Shapira"),
    "indic": ("Priya Anjali Kavita Meera Sunita Shreya Deepa Sita Lakshmi",
              "Rahul Arjun Vikram Sanjay Rajesh Anil Suresh Venkat Amit",
              "Sharma Iyer Menon Banerjee Nair Rao Krishnan Joshi Mehta Kulkarni"),
    "himalayan": ("Pema Sonam Dechen Sabina Kiran Anita",
                  "Karma Tshering Bikash Sanjiv Ramesh Ugyen",
                  "Thapa Gurung Dorji Shrestha Tamang Rai Lama"),
    "south_asian_muslim": ("Ayesha Nadia Farzana Sadia Rubina Tahmina Mariyam Hina",
                           "Imran Farhan Tariq Kamal Asif Shahid Rafiq Bilal",
                           "Qureshi Hossain Siddiqui Malik Chaudhry Rahman Awan Haque Sheikh"),
    "sri_lankan": ("Dilani Nirmala Chamari Tharushi Anusha", "Kasun Ruwan Chaminda Nuwan Sanjeewa",
                   "Perera Fernando Jayasuriya Wickramasinghe Silva Bandara"),
    "chinese": ("Na Fang Min Yan Jing Lihua Xiaoling Meihua Huiwen Yuting",
                "Wei Jun Hao Lei Ming Zhiqiang Jianguo Tao Bo Yong",
                "Wang Li Zhang Liu Chen Yang Huang Zhao Zhou Wu Xu Sun Lin Tan"),
    "japanese": ("Yuki Keiko Naomi Haruka Emiko Sayaka Akiko Megumi Noriko",
                 "Hiroshi Takeshi Kenji Satoshi Daisuke Kazuo Makoto Shinji Ryo",
                 "Sato Suzuki Takahashi Tanaka Watanabe Ito Nakamura Kobayashi Yamada "
                 "Kato Yoshida Mori"),
    "korean": ("Ji-yeon Min-ji Seo-yeon Hye-jin Eun-ji Soo-jin Yu-na",
               "Min-jun Sung-ho Jae-won Dong-hyun Ji-hoon Young-soo Tae-yang",
               "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han"),
    "malay": ("Siti Nurul Dewi Ratna Aisyah Sri Intan Putri Farah",
              "Ahmad Budi Hafiz Rizal Agus Irfan Hendra Azlan Dimas",
              "Hassan Santoso Wijaya Abdullah Rahmat Ismail Saputra Hidayat Osman Kusuma "
              "Yusof Halim"),
    "vietnamese": ("Lan Thuy Mai Huong Linh Hoa", "Minh Tuan Thanh Duc Hung Quang",
                   "Nguyen Tran Pham Le Vo Hoang Dang"),
    "thai_lao": ("Malee Kanya Pimchanok Siriporn Ratana Chanthala",
                 "Somchai Anan Prasert Somsak Kittisak Souk",
                 "Srisuk Wongsakul Chanthavong Phommachanh Saengthong Boonmee Rattanakorn"),
    "khmer": ("Sokha Chanthy Sopheap Bopha Sreymom", "Dara Vannak Sovann Rithy Piseth",
              "Sok Keo Chea Heng Phan Meas"),
    "burmese": ("Aye Thida Khin Su Nandar", "Kyaw Aung Zaw Htet Min",
                "Win Oo Myint Htun Naing Soe"),
    "filipino": ("Maria Cristina Rosario Angelica Marites Leonor Joy Carmela",
                 "Jose Ramon Eduardo Miguel Rogelio Antonio Paolo Ernesto",
                 "Santos Reyes Cruz Bautista Villanueva Mendoza Aquino Ramos Dizon Lacson"),
    "pacific": ("Mere Losana Talia Salote Ana Vaiana Makerita Litia",
                "Sione Tevita Jone Ioane Viliami Peni Tomasi Kalani",
                "Tuilagi Fifita Naidu Ratu Taufa Kaitani Tabua Moana Faleolo Kele"),
    "latin_american": ("Ana María Valeria Camila Gabriela Daniela Lorena Paula Carolina Verónica "
                       "Ximena Mariela",
                       "Diego Alejandro Andrés Sebastián Ricardo Jorge Eduardo Luis Mauricio "
                       "Felipe Gonzalo Hernán",
                       "Rojas Vargas Morales Herrera Castro Jiménez Mendoza Aguilar Guzmán "
                       "Paredes Salazar Quiroga Benítez Cordero Villalobos"),
    "west_african": ("Adaeze Ama Aminata Fatou Ngozi Abena Chiamaka Mariama Efua Awa Folake",
                     "Kwame Oluwaseun Mamadou Kofi Emeka Ibrahima Yaw Moussa Chinedu Ousmane",
                     "Mensah Okonkwo Diallo Adeyemi Traoré Boateng Ndiaye Eze Koné Asante "
                     "Sow Balogun Ouédraogo Sesay"),
    "east_african": ("Wanjiru Amani Grace Neema Achieng Faith Zawadi Aline Mercy Rehema",
                     "Otieno Juma Baraka Mugisha Kamau Joseph Tendai Musa Brian Hakizimana",
                     "Ochieng Mwangi Kimani Nakato Mutua Njoroge Wekesa Uwimana Phiri Banda "
                     "Moyo Rakoto Ssempala"),
    "ethiopian": ("Meron Hirut Selamawit Tigist Almaz Bethlehem Saba",
                  "Dawit Yonas Abebe Tesfaye Bereket Getachew Samuel",
                  "Alemu Bekele Haile Tadesse Gebremedhin Wolde Kebede Asfaw Girma"),
    "central_african": ("Clarisse Josiane Nadège Prisca Solange Grâce Mireille Esther",
                        "Jean-Paul Serge Patrice Didier Arsène Blaise Hervé Guy",
                        "Mbala Nkoulou Ondo Ngoma Kabongo Mavoungou Tshibanda Essomba Mbuyi "
                        "Nzeza Bongo-Mba"),
    "southern_african": ("Thandiwe Lerato Nomvula Palesa Naledi Boitumelo Kagiso Refilwe",
                         "Thabo Sipho Kagiso Tumelo Mpho Themba Lindani Tshepo",
                         "Nkosi Dlamini Molefe Ndlovu Mokoena Khumalo Shikongo Masilo Motsamai "
                         "Van Wyk"),
}
CULTURE_OF: dict[str, str] = {
    **dict.fromkeys(codes("USA CAN AUS NZL GBR IRL ATG BHS BRB BLZ DMA GRD GUY JAM KNA LCA "
                          "VCT TTO"), "anglo"),
    **dict.fromkeys(codes("FRA BEL LUX MCO HTI"), "french"),
    **dict.fromkeys(codes("DEU AUT CHE LIE"), "german"),
    **dict.fromkeys(codes("NLD SUR"), "dutch"),
    **dict.fromkeys(codes("DNK ISL NOR SWE"), "scandinavian"),
    "FIN": "finnish",
    **dict.fromkeys(codes("ITA SMR MLT"), "italian"),
    **dict.fromkeys(codes("ESP AND"), "spanish"),
    **dict.fromkeys(codes("PRT BRA AGO MOZ CPV GNB STP TLS"), "lusophone"),
    **dict.fromkeys(codes("GRC CYP"), "greek"),
    **dict.fromkeys(codes("RUS BLR UKR"), "east_slavic"),
    "POL": "polish",
    **dict.fromkeys(codes("CZE SVK"), "czech_slovak"),
    "HUN": "hungarian",
    **dict.fromkeys(codes("ROU MDA"), "romanian"),
    **dict.fromkeys(codes("BGR MKD SRB MNE BIH HRV SVN"), "south_slavic"),
    "ALB": "albanian",
    "EST": "estonian",
    "LVA": "latvian",
    "LTU": "lithuanian",
    "ARM": "armenian",
    "GEO": "georgian",
    "AZE": "azerbaijani",
    "TUR": "turkish",
    **dict.fromkeys(codes("IRN AFG TJK"), "persian"),
    **dict.fromkeys(codes("KAZ KGZ UZB TKM MNG"), "central_asian"),
    **dict.fromkeys(codes("DZA EGY LBY MAR TUN SDN MRT SOM DJI COM ARE BHR IRQ JOR KWT LBN "
                          "OMN QAT SAU SYR YEM"), "arabic"),
    "ISR": "hebrew",
    "IND": "indic",
    **dict.fromkeys(codes("NPL BTN"), "himalayan"),
    **dict.fromkeys(codes("PAK BGD MDV"), "south_asian_muslim"),
    "LKA": "sri_lankan",
    **dict.fromkeys(codes("CHN SGP"), "chinese"),
    "JPN": "japanese",
    **dict.fromkeys(codes("KOR PRK"), "korean"),
    **dict.fromkeys(codes("IDN MYS BRN"), "malay"),
    "VNM": "vietnamese",
    **dict.fromkeys(codes("THA LAO"), "thai_lao"),
    "KHM": "khmer",
    "MMR": "burmese",
    "PHL": "filipino",
    **dict.fromkeys(codes("FJI FSM KIR MHL NRU PLW PNG SLB TON TUV VUT WSM"), "pacific"),
    **dict.fromkeys(codes("ARG BOL CHL COL CRI CUB DOM ECU GTM HND MEX NIC PAN PER PRY SLV "
                          "URY VEN"), "latin_american"),
    **dict.fromkeys(codes("BEN BFA CIV GHA GIN MLI NER NGA SEN TGO SLE LBR GMB"), "west_african"),
    **dict.fromkeys(codes("KEN TZA UGA RWA BDI MWI ZMB ZWE MDG MUS SYC SSD"), "east_african"),
    **dict.fromkeys(codes("ETH ERI"), "ethiopian"),
    **dict.fromkeys(codes("CMR CAF TCD COG COD GAB GNQ"), "central_african"),
    **dict.fromkeys(codes("ZAF BWA LSO NAM SWZ"), "southern_african"),
}
# Family names with a distinct feminine form (Slavic, Baltic, Greek, Turkic usage).
SLAVIC_OV_CULTURES = ("east_slavic", "central_asian", "azerbaijani", "south_slavic")
FEMININE_FORMS: dict[str, str] = {
    # Polish and Macedonian -ski
    "Kamiński": "Kamińska", "Lewandowski": "Lewandowska", "Nikolovski": "Nikolovska",
    "Wiśniewski": "Wiśniewska", "Zieliński": "Zielińska",
    # Czech and Slovak -ová
    "Dvořák": "Dvořáková", "Horák": "Horáková", "Kučera": "Kučerová", "Němec": "Němcová",
    "Novák": "Nováková", "Procházka": "Procházková", "Svoboda": "Svobodová",
    # Lithuanian and Latvian
    "Butkus": "Butkienė", "Jankauskas": "Jankauskaitė", "Kazlauskas": "Kazlauskienė",
    "Petrauskas": "Petrauskienė", "Stankevičius": "Stankevičiūtė",
    "Vasiliauskas": "Vasiliauskienė", "Žukauskas": "Žukauskaitė",
    "Bērziņš": "Bērziņa", "Kalniņš": "Kalniņa", "Krūmiņš": "Krūmiņa", "Liepiņš": "Liepiņa",
    "Ozols": "Ozola", "Vītols": "Vītola", "Zariņš": "Zariņa",
    # Greek
    "Karalis": "Karali", "Nikolaidis": "Nikolaidou", "Papadakis": "Papadaki",
    "Vlachos": "Vlachou",
}
# Well-known real people whose names the pools could produce; never generated.
REAL_PEOPLE: frozenset[str] = frozenset({
    "Ahmed Hassan", "Ahmed Mansour", "Ali Karimi", "Burak Yılmaz", "Dmitry Orlov",
    "João Almeida", "Krzysztof Kamiński", "László Tóth", "Magnus Eriksson", "Martin Dvořák",
    "Na Li", "Omar Sharif", "Pablo Iglesias", "Piotr Nowak", "Rahul Sharma", "Shahid Malik",
    "Sipho Nkosi", "Tigran Petrosyan", "Zoltán Kovács",
})
REGION_FALLBACK_CULTURE: dict[str, str] = {
    AFR: "west_african", APG: "indic", EEG: "east_slavic",
    GRULAC: "latin_american", WEOG: "anglo",
}


@dataclass(frozen=True)
class Country:
    """One row of countries.csv."""

    iso3: str
    region: str
    development: str


@dataclass
class Candidate:
    """One nominee; fields are filled in step by step."""

    country: Country
    stakeholder: str
    gender: str = ""
    fixed_gender: bool = False
    school: str = ""
    organisation: str = ""
    name: str = ""
    score: float = 0.0


def read_countries(path: Path) -> list[Country]:
    """Read countries.csv (kept as strings: Namibia's code NAM must survive)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [Country(r["iso3"], r["un_regional_group"], r["development"])
                for r in csv.DictReader(handle)]


def apportion(total: int, shares: dict[str, float]) -> dict[str, int]:
    """Split total by shares with the largest-remainder method (deterministic)."""
    raw = {k: total * v / sum(shares.values()) for k, v in shares.items()}
    counts = {k: int(v) for k, v in raw.items()}
    rest = total - sum(counts.values())
    for k in sorted(raw, key=lambda k: (counts[k] - raw[k], k))[:rest]:
        counts[k] += 1
    return counts


def weighted_choice(rng: random.Random, items: list[str], weights: list[float]) -> str:
    """Pick one item with the given weights."""
    return rng.choices(items, weights=weights, k=1)[0]


def country_weight(country: Country, stakeholder: str) -> float:
    """Nomination propensity; business and academia lean to developed countries."""
    weight = COUNTRY_WEIGHT.get(country.iso3, 1.0)
    if stakeholder in (PRIV, ACAD) and country.development == "developed":
        weight *= 1.3
    return weight


def draw_country(rng: random.Random, pool: list[Country], stakeholder: str) -> Country:
    """Draw one country from pool, weighted by propensity."""
    weights = [country_weight(c, stakeholder) for c in pool]
    return pool[rng.choices(range(len(pool)), weights=weights, k=1)[0]]


def region_slots(rng: random.Random, region: str, size: int,
                 countries: list[Country]) -> list[Candidate]:
    """Create the candidates of one region: hosts, developing minimums, then random draws."""
    by_code = {c.iso3: c for c in countries}
    in_region = [c for c in countries if c.region == region]
    developing = [c for c in in_region if c.development == "developing"]
    quotas = apportion(size, STAKEHOLDER_SHARE)
    result: list[Candidate] = []
    for stakeholder, quota in quotas.items():
        fixed: list[Candidate] = []
        if stakeholder == GOV:
            for iso3 in HOSTS:
                host = by_code[iso3]
                if host.region != region:
                    continue
                genders = ["man"] if iso3 in HOSTS_ONE_NOMINEE else ["woman", "man"]
                fixed += [Candidate(host, GOV, g, fixed_gender=True) for g in genders]
        if stakeholder != IGO and developing:
            have = sum(c.country.development == "developing" for c in fixed)
            fixed += [Candidate(draw_country(rng, developing, stakeholder), stakeholder)
                      for _ in range(max(0, 2 - have))]
        if len(fixed) > quota:
            raise SystemExit(f"n too small: {region}/{stakeholder} needs {len(fixed)} slots")
        fixed += [Candidate(draw_country(rng, in_region, stakeholder), stakeholder)
                  for _ in range(quota - len(fixed))]
        result += fixed
    for cand in result:
        if not cand.fixed_gender:
            cand.gender = "woman" if rng.random() < WOMAN_SHARE[cand.stakeholder] else "man"
    repair_gender(rng, result)
    return result


def repair_gender(rng: random.Random, cands: list[Candidate]) -> None:
    """Ensure a region has at least 3 government women and 10 women overall."""
    def flip(pool: list[Candidate]) -> None:
        men = [c for c in pool if c.gender == "man" and not c.fixed_gender]
        if men:
            rng.choice(men).gender = "woman"

    for _ in range(20):
        gov = [c for c in cands if c.stakeholder == GOV]
        if sum(c.gender == "woman" for c in gov) >= 3:
            break
        flip(gov)
    for _ in range(20):
        if sum(c.gender == "woman" for c in cands) >= 10:
            break
        flip([c for c in cands if c.stakeholder in (CIV, ACAD)] or cands)


def assign_schools(rng: random.Random, cands: list[Candidate]) -> None:
    """Draw each school of thought, then make every (stakeholder, school) pair occur."""
    for cand in cands:
        weights = SCHOOL_WEIGHTS[(cand.stakeholder, cand.country.development)]
        cand.school = weighted_choice(rng, list(SCHOOLS), list(weights))
    for stakeholder in STAKEHOLDER_SHARE:
        group = [c for c in cands if c.stakeholder == stakeholder]
        for school in SCHOOLS:
            if stakeholder == IGO and school == PRIVLED:
                continue
            while sum(c.school == school for c in group) < MIN_PER_STAKEHOLDER_SCHOOL:
                counts = Counter(c.school for c in group)
                donor = counts.most_common(1)[0][0]
                if counts[donor] <= MIN_PER_STAKEHOLDER_SCHOOL:
                    break
                rng.choice([c for c in group if c.school == donor]).school = school


def assign_government_bodies(rng: random.Random, cands: list[Candidate]) -> None:
    """Group each country's government nominees into bodies of 1 to 3 people."""
    by_country: dict[str, list[Candidate]] = {}
    for cand in cands:
        if cand.stakeholder == GOV:
            by_country.setdefault(cand.country.iso3, []).append(cand)
    for iso3 in sorted(by_country):
        members: dict[str, int] = {}
        for cand in by_country[iso3]:
            open_bodies = sorted(b for b, k in members.items() if k < GOV_BODY_MAX)
            unused = [b for b in GOV_BODIES if b not in members]
            if open_bodies and (rng.random() < GOV_JOIN_PROB or not unused):
                body = rng.choice(open_bodies)
            else:
                body = rng.choice(unused)
            members[body] = members.get(body, 0) + 1
            cand.organisation = f"{body} ({iso3})"


def igo_eligible(membership: str, country: Country) -> bool:
    """Whether a national of country can work for an IGO with this membership tag."""
    if membership == "all":
        return True
    if membership == "oecd":
        return country.iso3 in OECD_MEMBERS
    if membership == "coe":
        return country.region in (WEOG, EEG) and country.iso3 not in COE_NON_MEMBERS
    if membership == "rcc":
        return country.iso3 in RCC_MEMBERS
    return country.region == membership


def assign_other_organisations(rng: random.Random, cands: list[Candidate]) -> None:
    """Pick a fictional organisation (or a real IGO) for every non-government nominee."""
    for cand in cands:
        if cand.stakeholder == GOV:
            continue
        if cand.stakeholder == IGO:
            options = [(n, w) for n, w, m in IGO_ORGS if igo_eligible(m, cand.country)]
        else:
            options = [(n, w) for n, w, r in NON_GOV_ORGS[cand.stakeholder]
                       if r is None or r == cand.country.region]
        cand.organisation = weighted_choice(rng, [n for n, _ in options], [w for _, w in options])


def assign_names(rng: random.Random, cands: list[Candidate]) -> None:
    """Give every nominee a unique fictitious name from their culture's pool."""
    used: set[str] = set()
    for cand in cands:
        culture = CULTURE_OF.get(cand.country.iso3, REGION_FALLBACK_CULTURE[cand.country.region])
        women, men, family = (part.split() for part in NAME_POOLS[culture])
        family = merge_particles(family)
        given = women if cand.gender == "woman" else men
        for _ in range(200):
            surname = family_name(rng.choice(family), culture, cand.gender)
            name = f"{rng.choice(given)} {surname}"
            if name not in used and name not in REAL_PEOPLE:
                break
        else:
            raise SystemExit(f"name pool {culture} exhausted")
        used.add(name)
        cand.name = name


def merge_particles(words: list[str]) -> list[str]:
    """Join name particles such as "de Groot", "van Dijk", "Ben Salem", "El Idrissi"."""
    particles = {"de", "van", "Van", "Ben", "El"}
    merged: list[str] = []
    for word in words:
        if merged and merged[-1] in particles:
            merged[-1] = f"{merged[-1]} {word}"
        else:
            merged.append(word)
    return merged


def family_name(family: str, culture: str, gender: str) -> str:
    """Return the feminine form of a family name where the language has one."""
    if gender != "woman":
        return family
    if culture in SLAVIC_OV_CULTURES and family.endswith(("ov", "ev")):
        return family + "a"
    return FEMININE_FORMS.get(family, family)


def assign_scores(rng: random.Random, cands: list[Candidate]) -> None:
    """Merit score: normal(65, 12), clipped to [20, 99], one decimal."""
    for cand in cands:
        cand.score = round(min(99.0, max(20.0, rng.gauss(65.0, 12.0))), 1)


def generate(countries: list[Country], n: int, seed: int) -> list[Candidate]:
    """Build the whole pool in a fixed order of random draws."""
    rng = random.Random(seed)
    cands: list[Candidate] = []
    for region, size in apportion(n, REGION_SHARE).items():
        cands += region_slots(rng, region, size, countries)
    rng.shuffle(cands)
    assign_schools(rng, cands)
    assign_government_bodies(rng, cands)
    assign_other_organisations(rng, cands)
    assign_names(rng, cands)
    assign_scores(rng, cands)
    return cands


def write_csv(cands: list[Candidate], out: Path) -> None:
    """Write the pool with ids C0001, C0002, ..."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for i, c in enumerate(cands, start=1):
            writer.writerow([
                f"C{i:04d}", c.name, c.gender, c.country.iso3, c.country.region,
                c.country.development, c.stakeholder, c.school, c.organisation,
                f"{c.score:.1f}",
            ])


def check(cands: list[Candidate]) -> list[str]:
    """Return the targets the pool misses (empty when all hold)."""
    problems: list[str] = []
    n = len(cands)
    countries = Counter(c.country.iso3 for c in cands)
    if len(countries) < 120:
        problems.append(f"only {len(countries)} distinct countries (target 120)")
    if sum(v >= 4 for v in countries.values()) < 5:
        problems.append("fewer than 5 countries with 4+ candidates")
    for region in REGION_SHARE:
        rc = [c for c in cands if c.country.region == region]
        gov = [c for c in rc if c.stakeholder == GOV]
        if len(rc) < 30:
            problems.append(f"{region}: {len(rc)} candidates (< 30)")
        if sum(c.gender == "woman" for c in rc) < 10:
            problems.append(f"{region}: fewer than 10 women")
        if len(gov) < 8 or sum(c.gender == "woman" for c in gov) < 3:
            problems.append(f"{region}: fewer than 8 government or 3 government women")
        if any(c.country.development == "developing" for c in rc):
            for stakeholder in (GOV, PRIV, CIV, ACAD):
                k = sum(c.stakeholder == stakeholder and c.country.development == "developing"
                        for c in rc)
                if k < 2:
                    problems.append(f"{region}/{stakeholder}: {k} developing (< 2)")
    for iso3 in HOSTS:
        if not any(c.country.iso3 == iso3 and c.stakeholder == GOV for c in cands):
            problems.append(f"host {iso3} has no government candidate")
    pairs = Counter((c.stakeholder, c.school) for c in cands)
    for stakeholder in STAKEHOLDER_SHARE:
        for school in SCHOOLS:
            if pairs[(stakeholder, school)] < 3 and (stakeholder, school) != (IGO, PRIVLED):
                problems.append(f"{stakeholder} x {school}: {pairs[(stakeholder, school)]} (< 3)")
    if sum(c.stakeholder == IGO for c in cands) < 15:
        problems.append("fewer than 15 intergovernmental candidates")
    orgs = Counter(c.organisation for c in cands)
    if sum(v >= 4 for v in orgs.values()) < 5:
        problems.append("fewer than 5 organisations with 4+ candidates")
    if any(c.organisation[0] in "=+-@" for c in cands):
        problems.append("an organisation starts with = + - @")
    developed = sum(c.country.development == "developed" for c in cands) / n
    if not 0.35 <= developed <= 0.45:
        problems.append(f"developed share {developed:.1%} outside 35-45 %")
    return problems


def summary(cands: list[Candidate]) -> None:
    """Print counts so a reader can see the skews of the pool."""
    n = len(cands)

    def show(title: str, counter: Counter[str]) -> None:
        parts = ", ".join(f"{k} {v} ({v / n:.0%})" for k, v in counter.most_common())
        print(f"  {title}: {parts}")

    print(f"{n} candidates")
    show("region", Counter(c.country.region for c in cands))
    show("stakeholder", Counter(c.stakeholder for c in cands))
    show("gender", Counter(c.gender for c in cands))
    show("school", Counter(c.school for c in cands))
    show("development", Counter(c.country.development for c in cands))
    for stakeholder in STAKEHOLDER_SHARE:
        group = [c for c in cands if c.stakeholder == stakeholder]
        women = sum(c.gender == "woman" for c in group)
        schools = Counter(c.school for c in group)
        print(f"    {stakeholder}: {len(group)}, women {women / len(group):.0%}, "
              + ", ".join(f"{s} {schools[s]}" for s in SCHOOLS))
    countries = Counter(c.country.iso3 for c in cands)
    orgs = Counter(c.organisation for c in cands)
    print(f"  distinct countries: {len(countries)} "
          f"({sum(v >= 4 for v in countries.values())} with 4+ candidates); top: "
          + ", ".join(f"{k} {v}" for k, v in countries.most_common(8)))
    print(f"  distinct organisations: {len(orgs)} "
          f"({sum(v >= 4 for v in orgs.values())} with 4+ candidates)")
    scores = [c.score for c in cands]
    print(f"  score: min {min(scores)}, mean {sum(scores) / n:.1f}, max {max(scores)}")


def main(argv: list[str] | None = None) -> int:
    """Entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (2004)")
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="number of candidates (360)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output CSV path")
    parser.add_argument("--countries", type=Path, default=DEFAULT_COUNTRIES,
                        help="countries.csv to read")
    args = parser.parse_args(argv)
    cands = generate(read_countries(args.countries), args.n, args.seed)
    write_csv(cands, args.out)
    print(f"wrote {args.out} (seed {args.seed})")
    summary(cands)
    for problem in check(cands):
        print(f"  WARNING: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
