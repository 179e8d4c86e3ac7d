"""The official report format as data: the vocabulary (``spec``) and each revision
(``format2021``, and the 2019 one published reports still use).  Everything else reads labels,
structure and roles from here."""
