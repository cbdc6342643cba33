/// Hands the command list to the macro `$then`. Each entry declares one command:
///
/// ```text
/// name(req: NameRequest { field: Type, … }) -> Answer, progress on_progress: Progress
///     = |app| body;
/// ```
///
/// The request (nothing between the parentheses when the command takes none) and the
/// `, progress …` channel are optional. `body` answers `Result<Answer, Error>`; it reaches the
/// core through `app.work()` and the request and channel by the names the entry binds (`req`
/// and `on_progress`, their names on the wire). Entries are grouped by feature.
macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            // The app and its keyring.
            app_info() -> AppInfo = |app| Ok(app::describe_app(app.package_info()));
            keyring_check() -> KeyringReport = |app| app.work().keyring_check().await;
            // Every file Scopekeeper keeps on this machine, for a backup or to edit a setting.
            app_files() -> Vec<PlacedFile> = |app| Ok(app.work().files());

            // Catalogs and the token builder's questions about them.
            list_catalogs() -> Vec<CatalogSummary> =
                |app| Ok(service::list_catalogs(&app.work().catalogs()));
            catalog_view(req: CatalogViewRequest { vendor: String, kind: Option<String> })
                -> CatalogView = |app| {
                // The reply can be megabytes (GCP): give the memory back once it has been sent.
                crate::memory::trim_soon();
                service::catalog_view(&app.work().catalogs(), &req.vendor, req.kind.as_deref())
            };
            catalog_scopes(req: CatalogScopesRequest {
                vendor: String,
                kind: Option<String>,
                /// Case-insensitive substring; blank = no filter.
                filter: String,
                /// `true`: the filter matches id, name, description or any granted permission
                /// id; `false`: id or name only.
                in_grants: bool,
                offset: u32,
                /// Capped at 500 by the core.
                limit: u32,
                /// A scope id: when it matches, the page that holds it (rows start at most
                /// `limit / 2` before it; the reply's `offset` says where), else `offset`.
                around: Option<String>,
            }) -> ScopePage = |app| {
                let query = ScopeQuery {
                    filter: &req.filter,
                    in_grants: req.in_grants,
                    offset: req.offset,
                    limit: req.limit,
                    around: req.around.as_deref(),
                };
                service::catalog_scopes(&app.work().catalogs(), &req.vendor, req.kind.as_deref(), &query)
            };
            resolve_selection(req: ResolveSelectionRequest {
                vendor: String,
                kind: Option<String>,
                scopes: Vec<String>,
                /// Add the vendor's default scopes (`true` when omitted).
                defaults: Option<bool>,
            }) -> Resolution = |app| {
                let (kind, defaults) = (req.kind.as_deref(), req.defaults.unwrap_or(true));
                let catalogs = app.work().catalogs();
                service::resolve_selection(&catalogs, &req.vendor, kind, &req.scopes, defaults)
            };
            search_catalogs(req: SearchCatalogsRequest { query: String, limit: u32 })
                -> SearchResults = |app| {
                Ok(service::search(&app.work().catalogs(), &req.query, req.limit as usize))
            };
            permission_grants(req: PermissionGrantsRequest { vendor: String, permission: String })
                -> Vec<Grant> = |app| {
                service::permission_grants(&app.work().catalogs(), &req.vendor, &req.permission)
            };
            suggest_scopes(req: SuggestScopesRequest {
                vendor: String,
                kind: Option<String>,
                needs: Vec<String>,
                mode: Option<SuggestMode>,
            }) -> Suggestion = |app| {
                let (kind, mode) = (req.kind.as_deref(), req.mode.unwrap_or_default());
                let catalogs = app.work().catalogs();
                service::suggest_scopes(&catalogs, &req.vendor, kind, &req.needs, mode)
            };
            diff_selections(req: DiffSelectionsRequest {
                vendor: String,
                kind: Option<String>,
                from: Vec<String>,
                to: Vec<String>,
            }) -> SelectionDiff = |app| {
                let (catalogs, kind) = (app.work().catalogs(), req.kind.as_deref());
                service::diff_selections(&catalogs, &req.vendor, kind, &req.from, &req.to)
            };
            scope_dependents(req: ScopeDependentsRequest {
                vendor: String,
                kind: Option<String>,
                selected: Vec<String>,
                scope: String,
            }) -> Vec<String> = |app| {
                let (catalogs, kind) = (app.work().catalogs(), req.kind.as_deref());
                service::scope_dependents(&catalogs, &req.vendor, kind, &req.selected, &req.scope)
            };
            import_catalog() -> Option<CatalogSummary> = |app| files::import_catalog(app).await;
            remove_catalog(req: RemoveCatalogRequest { vendor: String }) -> () =
                |app| service::remove_catalog(&mut app.work().catalogs_mut(), &req.vendor);

            // Token specs.
            check_token_spec(req: CheckTokenSpecRequest { spec: TokenSpec }) -> SpecCheck =
                |app| app.work().check_token_spec(&req.spec);
            export_token_spec(req: ExportTokenSpecRequest { spec: TokenSpec }) -> Option<String> =
                |app| files::export_token_spec(app, req.spec).await;
            load_token_spec() -> Option<LoadedSpec> = |app| files::load_token_spec(app).await;

            // Connections.
            list_connections() -> ConnectionList = |app| Ok(app.work().list_connections());
            save_connection(req: SaveConnectionRequest { input: ConnectionInput }) -> Connection =
                |app| app.work().save_connection(req.input).await;
            remove_connection(req: RemoveConnectionRequest { id: String }) -> () =
                |app| app.work().remove_connection(&req.id).await;
            add_sandbox_connections() -> Vec<Connection> =
                |app| app.work().add_sandbox_connections().await;
            test_connection(req: TestConnectionRequest { id: String }) -> ConnectionTest =
                |app| app.work().test_connection(&req.id).await;

            // What the connection's vendor offers now, against its catalog.
            catalog_drift(req: CatalogDriftRequest { id: String }) -> ScopesAtVendor =
                |app| app.work().catalog_drift(&req.id).await;

            // What a new token can be narrowed to (zones, repositories), as the vendor lists it.
            reach_items(req: ReachItemsRequest { id: String, kind: String, area: String }) -> ReachList =
                |app| app.work().reach_items(&req.id, &req.kind, &req.area).await;

            // A connection's tokens at the vendor, filtered by the vendor where it can.
            list_vendor_tokens(req: ListVendorTokensRequest {
                id: String,
                /// Sent to the vendor (`VendorInfo::filters_listing`); none: every token.
                filter: Option<ListFilter>,
            }) -> Vec<VendorToken> =
                |app| app.work().list_vendor_tokens(&req.id, &req.filter.unwrap_or_default()).await;
            create_token(req: CreateTokenRequest { id: String, spec: TokenSpec }) -> CreatedToken =
                |app| app.work().create_token(&req.id, &req.spec).await;
            create_into_keyring(req: CreateIntoKeyringRequest {
                id: String,
                spec: TokenSpec,
                /// The keyring entry is `token:<entry>`.
                entry: String,
            }) -> KeptInKeyring =
                |app| app.work().create_into_keyring(&req.id, &req.spec, &req.entry).await;
            token_status(req: TokenStatusRequest { id: String, token_id: String }) -> TokenStatus =
                |app| app.work().token_status(&req.id, &req.token_id).await;
            rename_token(req: RenameTokenRequest { id: String, token_id: String, name: String })
                -> VendorToken =
                |app| app.work().rename_token(&req.id, &req.token_id, &req.name).await;
            revoke_token(req: RevokeTokenRequest {
                id: String,
                token_id: String,
                choice: RevokeChoice,
            }) -> () = |app| app.work().revoke_token(&req.id, &req.token_id, &req.choice).await;
            // A new value for a token whose vendor can roll it (its permissions kept, the old
            // value void): held like a new token's, shown once.
            roll_token(req: RollTokenRequest {
                id: String,
                token_id: String,
                choice: RevokeChoice,
            }) -> CreatedToken =
                |app| app.work().roll_token(&req.id, &req.token_id, &req.choice).await;
            revoke_replaced(req: RevokeReplacedRequest {
                id: String,
                old_token_id: String,
                new_token_id: String,
            }) -> () = |app| {
                let work = app.work();
                work.revoke_replaced(&req.id, &req.old_token_id, &req.new_token_id).await
            };
            reconcile_create(req: ReconcileCreateRequest { id: String }) -> Reconciliation =
                |app| app.work().reconcile_create(&req.id).await;

            // The one new secret after a create: its single reveal, a copy from Rust (cleared
            // after 30 s if unchanged), keeping it in the keyring, dropping it.
            reveal_created_token(req: RevealCreatedTokenRequest { token_id: String }) -> String =
                |app| app.work().desk().reveal_pending(&req.token_id);
            copy_created_token(req: CopyCreatedTokenRequest { token_id: String, what: CopyWhat })
                -> u64 = |app| {
                let text = app.work().desk().pending_for_copy(&req.token_id, req.what)?;
                let after = clear_after();
                app.scopekeeper().clipboard.copy_then_clear(&text, after)?;
                Ok(after.as_secs())
            };
            save_created_token(req: SaveCreatedTokenRequest { token_id: String, name: String })
                -> String = |app| app.work().desk().save_pending(&req.token_id, &req.name).await;
            // The admin left the result screen of `token_id`: its secret is dropped (a newer
            // token's secret, created since, is kept).
            discard_created_token(req: DiscardCreatedTokenRequest { token_id: String }) -> bool =
                |app| Ok(app.work().desk().discard_pending_of(&req.token_id));

            // Guided creation for a vendor without a token API.
            guided_plan(req: GuidedPlanRequest { id: String, spec: TokenSpec }) -> GuidedPlan =
                |app| app.work().guided_plan(&req.id, &req.spec);
            // The vendor's token page (from the guided plan, never a URL the page supplies).
            open_vendor_console(req: OpenVendorConsoleRequest { id: String, spec: TokenSpec })
                -> String = |app| {
                let url = app.work().vendor_console_url(&req.id, &req.spec)?;
                files::open_in_browser(url)
            };
            verify_pasted_token(req: VerifyPastedTokenRequest {
                id: String,
                #[ts(type = "string")]
                token: SecretString,
                save_as: Option<String>,
                declared: Option<Declared>,
            }) -> PastedCheck = |app| {
                let work = app.work();
                work.verify_pasted_token(&req.id, req.token, req.save_as, req.declared).await
            };
            // Sandbox only: the key made in the simulated console, shown once as a console would.
            sandbox_console_create(req: SandboxConsoleCreateRequest { id: String, spec: TokenSpec })
                -> String = |app| app.work().sandbox_console_create(&req.id, &req.spec).await;

            // The audit: one run at a time, saved to the history; the last report stays in Rust.
            // The page reads the report as an `AuditReply` (rule texts once, no permissions).
            run_audit() -> Option<Json<AuditReply<'static>>>, progress on_progress: AuditProgress =
                |app| app.work().run_audit_reply(move |p| drop(on_progress.send(p))).await;
            cancel_audit() -> () = |app| Ok(app.work().cancel_audit());
            // `tokens`: only these (keys `vendor/connection/id`), as a selection of the whole.
            export_audit(req: ExportAuditRequest { format: String, tokens: Option<Vec<String>> })
                -> Option<String> = |app| {
                let export = app.work().audit_export(&req.format, req.tokens.as_deref())?;
                dialog::save(app, export).await
            };
            // The last audit as it is now (a sweep or a revoke elsewhere took tokens out of it).
            last_audit() -> Option<Json<AuditReply<'static>>> = |app| Ok(app.work().audit_reply());
            assign_template(req: AssignTemplateRequest {
                token_key: String,
                template: Option<Template>,
            }) -> Json<AuditReply<'static>> =
                |app| app.work().assign_template_reply(&req.token_key, req.template);
            token_template(req: TokenTemplateRequest { token_key: String }) -> Option<Template> =
                |app| app.work().token_template(&req.token_key);
            forget_registered(req: ForgetRegisteredRequest { id: String, fingerprint: String })
                -> () = |app| app.work().forget_registered(&req.id, &req.fingerprint);

            // The offboarding sweep: a dry run, then a revoke of what the admin ticked.
            sweep_plan(req: SweepPlanRequest { query: SweepQuery }) -> SweepPlan,
                progress on_progress: AuditProgress =
                |app| app.work().sweep_plan(&req.query, move |p| drop(on_progress.send(p))).await;
            // Tokens selected in the audit as the plan, to review and revoke the same way.
            sweep_select(req: SweepSelectRequest { tokens: Vec<String> }) -> SweepPlan =
                |app| app.work().sweep_select(&req.tokens);
            sweep_revoke(req: SweepRevokeRequest { targets: Vec<SweepTarget>, typed: String })
                -> Vec<SweepOutcome>, progress on_progress: SweepOutcome = |app| {
                let send = move |o: &SweepOutcome| drop(on_progress.send(o.clone()));
                app.work().sweep_revoke(&req.targets, &req.typed, send).await
            };
            export_sweep() -> Option<String> =
                |app| dialog::save(app, app.work().sweep_export()?).await;

            // The history of audit runs and the action log.
            since_last_audit() -> Option<Changes> = |app| app.work().since_last_audit().await;
            audit_trend(req: AuditTrendRequest { limit: u32 }) -> Vec<TrendRun> =
                |app| app.work().audit_trend(req.limit).await;
            history_runs(req: HistoryRunsRequest { limit: u32 }) -> Vec<RunSummary> =
                |app| app.work().history_runs(req.limit).await;
            history_changes(req: HistoryChangesRequest { to: i64 }) -> Changes =
                |app| app.work().history_changes(req.to).await;
            token_timeline(req: TokenTimelineRequest { key: String }) -> Option<TokenTimeline> =
                |app| app.work().token_timeline(req.key).await;
            connection_timeline(req: ConnectionTimelineRequest { connection_id: String })
                -> Option<ConnectionTimeline> =
                |app| app.work().connection_timeline(req.connection_id).await;
            recent_actions(req: RecentActionsRequest { limit: u32 }) -> Vec<ActionEntry> =
                |app| app.work().recent_actions(req.limit);
            log_chain_state() -> ChainState = |app| app.work().log_chain_state().await;

            // Signed evidence for auditors.
            evidence_key() -> Option<PublicKeyInfo> = |app| app.work().evidence_key().await;
            export_evidence(req: ExportEvidenceRequest { since: Option<String> })
                -> Option<(String, VerifiedPack)> = |app| {
                let (export, pack) = app.work().evidence_pack(req.since).await?;
                Ok(dialog::save(app, export).await?.map(|name| (name, pack)))
            };
        }
    };
}
