from mdtdesk.cli import main

raise SystemExit(main())
