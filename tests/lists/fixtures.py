"""Small list files written by the tests, with the quirks of the real ones."""

from __future__ import annotations

from pathlib import Path

UN_XML = """<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2026-01-02T00:00:00.000Z">
  <INDIVIDUALS>
    <INDIVIDUAL>
      <DATAID>1</DATAID>
      <FIRST_NAME> RI</FIRST_NAME>
      <SECOND_NAME>WON HO</SECOND_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPi.901 </REFERENCE_NUMBER>
      <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Jin Tiesan (金铁三)</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Ri Wo’n-ho</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1964-07-17</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE>
        <FROM_YEAR>1950</FROM_YEAR><TO_YEAR>1952</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Numéro de passeport </TYPE_OF_DOCUMENT>
        <NUMBER>381 110042 (Expired 25 Jan. 2016)</NUMBER></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY>
      <DATAID>2</DATAID>
      <FIRST_NAME>KOREA TEST TRADING CORPORATION (KTTC)</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE>
      <REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER>
      <COMMENTS1>Shipping firm. International Maritime Organization (IMO) Number: 5123456.</COMMENTS1>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>"KTTC-2"</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS><COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
"""

OFAC_SDN = (
    '101,"KIM, Test-Myo\'ng","individual","NPWMD] [DPRK2",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
    '"DOB 1964; alt. DOB 28 Aug 1962; nationality Korea, North; Passport 290320764; '
    "a.k.a. 'TESTY'; Linked To: TEST BA\"\r\n"
    '102,"SEA TEST","vessel","DPRK",-0- ,"HMXX",-0- ,-0- ,-0- ,"Korea, North",-0- ,'
    '"Vessel Registration Identification IMO 9179842; MMSI 445123000."\r\n'
    '103,"TEST TRADING CO",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"SWIFT/BIC TESTKPPY"\r\n'
    "\x1a"
)
OFAC_ALT = '101,1,"aka","KIM, TEST SOK",-0- \r\n999,2,"aka","ORPHAN",-0- \r\n\x1a'
OFAC_ADD = '103,1,-0- ,"Pyongyang","Korea, North",-0- \r\n\x1a'
# Remarks longer than 1,000 characters go on, mid-word, in sdn_comments.csv.
OFAC_COMMENTS = '101,"NK."\r\n\x1a'

UK_CSV = (
    "Last Updated,13/04/2018" + "," * 27 + "\n"
    "Name 6,Name 1,Name 2,Name 3,Name 4,Name 5,Title,DOB,Town of Birth,Country of Birth,Nationality,"
    "Passport Details,NI Number,Position,Address 1,Address 2,Address 3,Address 4,Address 5,Address 6,"
    "Post/Zip Code,Country,Other Information,Group Type,Alias Type,Regime,Listed On,Last Updated,Group ID\n"
    "RI,Won Ho,,,,,,00/00/1964,,,North Korea,Passport No. 381110042,,,,,,,,,,,"
    "UN Ref.KPI.901. “Test” entry.,Individual,Prime Alias,"
    "North Korea (Democratic People's Republic of Korea),22/12/2017,09/01/2018,901\n"
    "TEST SHIP 2,,,,,,,,,,,,,,,,,,,,,,IMO: 8937675. MMSI: 445539000.,Entity,Prime Alias,"
    "North Korea (Democratic People's Republic of Korea),19/10/2017,19/10/2017,902\n"
)

FTM_LINES = (
    '{"id": "t-1", "schema": "Person", "properties": {"name": ["Test Person"], '
    '"birthDate": ["1970-01-01"], "nationality": ["kp"]}, "datasets": ["test_ds"], "referents": ["T-1"]}\n'
    '{"id": "t-2", "schema": "Vessel", "properties": {"name": ["TEST VESSEL"], "imoNumber": ["9179842"]}}\n'
)


def write_ofac_set(folder: Path, sdn: str = OFAC_SDN) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sdn.csv").write_bytes(sdn.encode())
    (folder / "alt.csv").write_bytes(OFAC_ALT.encode())
    (folder / "add.csv").write_bytes(OFAC_ADD.encode())
    (folder / "sdn_comments.csv").write_bytes(OFAC_COMMENTS.encode())
    return folder / "sdn.csv"


def write_au_xlsx(path: Path, serial_dob: object = 15975) -> Path:
    import openpyxl

    from sanctionwatch.lists.readers.au_xlsx import COLUMNS

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    sheet.append(
        [
            "3157",
            "KIM TEST",
            "Individual ",
            "Primary Name",
            serial_dob,
            None,
            "Korea, North",
            None,
            "UN Ref KPi.901",
            None,
            "1718 (DPRK) ",
            None,
        ]
    )
    sheet.append(
        [
            "3157a",
            "Kim Tes-t",
            "Individual",
            "aka",
            serial_dob,
            None,
            None,
            None,
            None,
            None,
            "1718 (DPRK)",
            None,
        ]
    )
    sheet.append(
        [
            "4000",
            "Test Entity",
            "Entity",
            "Primary name",
            None,
            None,
            None,
            None,
            None,
            None,
            "Autonomous (DPRK)",
            None,
        ]
    )
    workbook.save(path)
    return path
