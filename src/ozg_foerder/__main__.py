"""``python -m ozg_foerder`` – gleichbedeutend mit dem Befehl ``ozg-foerder``."""

from .cli import main

if __name__ == "__main__":
    main()
