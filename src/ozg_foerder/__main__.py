"""``python -m ozg_foerder`` – gleichbedeutend mit dem Befehl ``ozg-foerder``."""

from ozg_foerder.cli.app import main

if __name__ == "__main__":
    main()
