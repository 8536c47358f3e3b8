from afterview.interfaces.cli.main import main

main()
