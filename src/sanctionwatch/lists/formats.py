"""The names of the list formats, in the order of the readers' registry (``readers.READERS``).

Apart from the readers so that the CLI can name them in its help without importing every reader
(the XML and xlsx parsers among them) on each start, whatever the command."""

FORMATS = ("un-xml", "ofac-csv", "uk-csv", "au-xlsx", "ftm", "ofac-xml", "eu-xml", "uk-fcdo-xml")
