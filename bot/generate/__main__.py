import sys

from bot.generate.files import main

sys.exit(main(sys.argv[1:]))
