"""The warehouse schema as numbered SQL files, applied in order by ``joinedup.warehouse.init``."""
