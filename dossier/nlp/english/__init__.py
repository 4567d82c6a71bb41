"""English analysis on spaCy: tokens, sentences and parse (``tokens``), named entities (``ner``)."""
