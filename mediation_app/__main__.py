from mediation_app.cli import main

raise SystemExit(main())
