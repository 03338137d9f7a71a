"""sanctionwatch: monitor enforcement of the UN Security Council's DPRK sanctions."""

__version__ = "0.1.0"
