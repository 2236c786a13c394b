// Every user-visible string of the front-end, in Bahasa Indonesia (default) and English, and the
// language switch (stored in localStorage). Markup marks translatable text with data-i18n="key"
// (text), data-i18n-placeholder, data-i18n-aria-label and data-i18n-title; code calls t(key, vars).

const STORE_KEY = 'ujikom_lang';
export const LANGS = ['id', 'en'];

const dict = {
  id: {
    'app.name': 'ujikom',
    'app.tagline': 'Sertifikasi Kompetensi Jarak Jauh',
    'skip': 'Langsung ke isi utama',
    'noscript': 'Halaman ini memerlukan JavaScript. Aktifkan JavaScript di peramban Anda.',

    'lang.other': 'English',
    'lang.otherShort': 'EN',
    'lang.switchPrefix': 'Ganti bahasa ke',

    'nav.label': 'Navigasi utama',
    'nav.menu': 'Menu',
    'nav.home': 'Beranda',
    'nav.login': 'Masuk',
    'nav.register': 'Daftar',
    'nav.account': 'Akun saya',
    'nav.admin': 'Administrasi',
    'nav.admin.accounts': 'Akun pengguna',
    'nav.admin.roles': 'Peran & izin',
    'nav.admin.locks': 'Kunci masuk',
    'nav.admin.outbox': 'Kotak keluar',
    'nav.logout': 'Keluar',
    'nav.signedInAs': 'Masuk sebagai',

    'footer.text': 'ujikom — sistem sertifikasi kompetensi jarak jauh dan nirkertas sesuai SE.007/BNSP/V/2023.',

    'common.loading': 'Memuat…',
    'common.required': 'Wajib diisi.',
    'common.error.network': 'Tidak dapat terhubung ke server. Periksa koneksi internet Anda, lalu coba lagi.',
    'common.error.generic': 'Terjadi kesalahan. Silakan coba lagi.',
    'common.error.fixFields': 'Periksa kembali isian yang ditandai.',
    'common.noAccess': 'Anda tidak memiliki izin untuk membuka halaman ini.',
    'common.showPassword': 'Tampilkan',
    'common.hidePassword': 'Sembunyikan',
    'common.showPasswordLabel': 'Tampilkan kata sandi',
    'common.hidePasswordLabel': 'Sembunyikan kata sandi',
    'common.passwordHint': 'Minimal 10 karakter, berisi huruf dan angka, tidak memuat nama pada alamat surel Anda, dan bukan kata sandi yang umum.',
    'common.passwordMismatch': 'Kata sandi tidak sama.',
    'common.close': 'Tutup',
    'common.cancel': 'Batal',
    'common.prev': 'Sebelumnya',
    'common.next': 'Berikutnya',
    'common.pageOf': 'Halaman {page} dari {pages}',
    'common.empty': 'Tidak ada data.',
    'common.copy': 'Salin',
    'common.copied': 'Disalin.',
    'common.refresh': 'Muat ulang',
    'common.actions': 'Aksi',
    'common.yes': 'Ya',
    'common.no': 'Tidak',
    'common.dash': '—',

    'field.name': 'Nama lengkap',
    'field.name.hint': 'Sesuai KTP.',
    'field.nik': 'NIK',
    'field.nik.hint': '16 digit Nomor Induk Kependudukan pada KTP.',
    'field.nik.invalid': 'NIK harus 16 digit angka.',
    'field.email': 'Surel',
    'field.phone': 'Nomor HP',
    'field.phone.hint': 'Contoh: 081234567890 atau +6281234567890.',
    'field.password': 'Kata sandi',
    'field.passwordConfirm': 'Ulangi kata sandi',
    'field.currentPassword': 'Kata sandi saat ini',
    'field.newPassword': 'Kata sandi baru',
    'field.newPasswordConfirm': 'Ulangi kata sandi baru',
    'field.roles': 'Peran',
    'field.roleName': 'Kode peran',
    'field.roleName.hint': 'Huruf kecil, angka, dan garis bawah; contoh: asesor_magang.',
    'field.titleId': 'Nama peran (Bahasa Indonesia)',
    'field.titleEn': 'Nama peran (English)',
    'field.search': 'Cari nama atau surel',
    'field.roleFilter': 'Peran',

    'role.asesi': 'Asesi',
    'role.asesor': 'Asesor Kompetensi',
    'role.admin_lsp': 'Admin LSP',
    'role.manajer_sertifikasi': 'Manajer Sertifikasi',
    'role.komite_teknis': 'Komite Teknis',
    'role.tim_banding': 'Tim Banding',
    'role.verifikator_tuk': 'Verifikator TUK',
    'role.auditor': 'Auditor',
    'role.ketua_lsp': 'Ketua/Direktur LSP',
    'role.operator_sistem': 'Operator Sistem Informasi',

    'home.title': 'Beranda — ujikom',
    'home.hero.title': 'Sertifikasi kompetensi dari mana saja',
    'home.hero.text': 'Daftar sebagai asesi, ajukan permohonan sertifikasi, dan ikuti uji kompetensi jarak jauh sesuai ketentuan BNSP.',
    'home.cta.register': 'Daftar sebagai asesi',
    'home.cta.login': 'Masuk',
    'home.steps.title': 'Alur sertifikasi',
    'home.steps.1': 'Buat akun asesi dengan NIK dan alamat surel Anda.',
    'home.steps.2': 'Ajukan permohonan sertifikasi (FR.APL.01) dan asesmen mandiri (FR.APL.02) beserta buktinya.',
    'home.steps.3': 'Ikuti asesmen jarak jauh bersama asesor kompetensi melalui video.',
    'home.steps.4': 'Terima keputusan komite teknis dan sertifikat kompetensi elektronik.',
    'home.welcome': 'Selamat datang, {name}',
    'home.yourRoles': 'Peran Anda',
    'home.yourMenu': 'Menu Anda',

    'register.title': 'Daftar sebagai asesi',
    'register.pageTitle': 'Daftar — ujikom',
    'register.intro': 'Buat akun untuk mengajukan sertifikasi kompetensi. Isi data sesuai KTP Anda.',
    'register.submit': 'Daftar',
    'register.haveAccount': 'Sudah punya akun?',
    'register.loginLink': 'Masuk',
    'register.success': 'Pendaftaran berhasil. Silakan masuk dengan alamat surel dan kata sandi Anda.',

    'login.title': 'Masuk',
    'login.pageTitle': 'Masuk — ujikom',
    'login.intro': 'Masuk ke akun ujikom Anda.',
    'login.submit': 'Masuk',
    'login.forgot': 'Lupa kata sandi?',
    'login.noAccount': 'Belum punya akun?',
    'login.registerLink': 'Daftar sebagai asesi',
    'login.retryIn': 'Terlalu banyak percobaan. Coba lagi dalam {s} detik.',
    'login.loggedOut': 'Anda telah keluar.',
    'login.needLogin': 'Silakan masuk untuk melanjutkan.',
    'login.resetDone': 'Kata sandi Anda telah diatur ulang. Silakan masuk dengan kata sandi baru.',

    'forgot.title': 'Lupa kata sandi',
    'forgot.pageTitle': 'Lupa kata sandi — ujikom',
    'forgot.intro': 'Masukkan alamat surel akun Anda. Jika terdaftar, kami mengirim token sekali pakai untuk mengatur ulang kata sandi.',
    'forgot.submit': 'Kirim token',
    'forgot.sent': 'Jika alamat surel tersebut terdaftar, token untuk mengatur ulang kata sandi telah dikirim. Token hanya berlaku sebentar dan hanya dapat dipakai sekali.',
    'forgot.haveToken': 'Sudah menerima token? Atur kata sandi baru',
    'forgot.back': 'Kembali ke halaman masuk',

    'reset.title': 'Atur ulang kata sandi',
    'reset.pageTitle': 'Atur ulang kata sandi — ujikom',
    'reset.intro': 'Buat kata sandi baru untuk akun Anda.',
    'reset.submit': 'Simpan kata sandi',
    'reset.token': 'Token atur ulang',
    'reset.tokenHint': 'Salin token sekali pakai dari pesan atur ulang kata sandi yang kami kirim ke alamat surel Anda.',
    'reset.requestNew': 'Minta token baru',

    'change.title': 'Ganti kata sandi',
    'change.pageTitle': 'Ganti kata sandi — ujikom',
    'change.intro': 'Masukkan kata sandi saat ini, lalu buat kata sandi baru.',
    'change.forced': 'Demi keamanan, ganti kata sandi sementara Anda sebelum melanjutkan.',
    'change.submit': 'Ganti kata sandi',
    'change.done': 'Kata sandi berhasil diganti.',

    'account.title': 'Akun saya',
    'account.pageTitle': 'Akun saya — ujikom',
    'account.profile': 'Profil',
    'account.name': 'Nama',
    'account.email': 'Surel',
    'account.roles': 'Peran',
    'account.security': 'Keamanan',
    'account.changePassword': 'Ganti kata sandi',
    'account.logout': 'Keluar dari perangkat ini',
    'account.sessions': 'Sesi aktif',
    'account.sessions.intro': 'Perangkat yang sedang masuk ke akun Anda. Cabut sesi yang tidak Anda kenali, lalu ganti kata sandi.',
    'session.device': 'Perangkat',
    'session.ip': 'Alamat IP',
    'session.created': 'Mulai',
    'session.lastSeen': 'Terakhir aktif',
    'session.current': 'Sesi ini',
    'session.revoke': 'Cabut',
    'session.revokeLabel': 'Cabut sesi {device}',
    'session.revoked': 'Sesi dicabut.',
    'session.unknownDevice': 'Perangkat tidak dikenal',
    'session.on': '{browser} di {os}',

    'adminAccounts.title': 'Akun pengguna',
    'adminAccounts.pageTitle': 'Akun pengguna — ujikom',
    'adminAccounts.searchTitle': 'Cari akun',
    'adminAccounts.allRoles': 'Semua peran',
    'adminAccounts.search': 'Cari',
    'adminAccounts.total': '{total} akun',
    'adminAccounts.col.name': 'Nama',
    'adminAccounts.col.email': 'Surel',
    'adminAccounts.col.roles': 'Peran',
    'adminAccounts.col.status': 'Status',
    'adminAccounts.manage': 'Kelola',
    'adminAccounts.manageLabel': 'Kelola akun {name}',
    'adminAccounts.createTitle': 'Tambah akun staf',
    'adminAccounts.createIntro': 'Akun staf dibuat dengan kata sandi sekali pakai. Staf wajib menggantinya saat pertama kali masuk.',
    'adminAccounts.create': 'Buat akun',
    'adminAccounts.otpTitle': 'Akun dibuat',
    'adminAccounts.otpText': 'Berikan kata sandi sekali pakai ini kepada {email} melalui saluran yang aman. Kata sandi ini hanya ditampilkan sekali.',
    'adminAccounts.otpLabel': 'Kata sandi sekali pakai',
    'adminAccounts.otpDone': 'Selesai',
    'adminAccounts.detailTitle': 'Kelola akun',
    'adminAccounts.phone': 'Nomor HP',
    'adminAccounts.createdAt': 'Dibuat',
    'adminAccounts.lockedUntil': 'Terkunci sampai',
    'adminAccounts.statusTitle': 'Status akun',
    'adminAccounts.disable': 'Nonaktifkan akun',
    'adminAccounts.enable': 'Aktifkan akun',
    'adminAccounts.confirmDisable': 'Nonaktifkan akun {email}? Semua sesinya akan berakhir.',
    'adminAccounts.statusSaved': 'Status akun diperbarui.',
    'adminAccounts.rolesTitle': 'Peran akun',
    'adminAccounts.noRoles': 'Belum ada peran.',
    'adminAccounts.removeRole': 'Hapus',
    'adminAccounts.removeRoleLabel': 'Hapus peran {role}',
    'adminAccounts.addRole': 'Tambah peran',
    'adminAccounts.roleToAdd': 'Peran yang ditambahkan',
    'adminAccounts.roleAdded': 'Peran ditambahkan.',
    'adminAccounts.roleRemoved': 'Peran dihapus.',
    'status.active': 'Aktif',
    'status.disabled': 'Nonaktif',
    'status.locked': 'Terkunci',
    'status.mustChange': 'Belum ganti kata sandi',

    'roles.title': 'Peran & izin',
    'roles.pageTitle': 'Peran & izin — ujikom',
    'roles.intro': 'Atur izin setiap peran. Perubahan berlaku pada permintaan berikutnya dari pengguna dengan peran tersebut.',
    'roles.builtin': 'Bawaan',
    'roles.custom': 'Tambahan',
    'roles.permCount': '{n} izin',
    'roles.permsOf': 'Izin peran {role}',
    'roles.createTitle': 'Tambah peran',
    'roles.create': 'Buat peran',
    'roles.created': 'Peran {name} dibuat.',
    'roles.granted': 'Izin {perm} diberikan kepada {role}.',
    'roles.revoked': 'Izin {perm} dicabut dari {role}.',
    'roles.readOnly': 'Anda hanya dapat melihat izin; mengubahnya memerlukan izin accounts.role.manage.',
    'module.accounts': 'Akun dan peran',
    'module.ledger': 'Buku besar audit',
    'module.system': 'Sistem',

    'locks.title': 'Kunci masuk',
    'locks.pageTitle': 'Kunci masuk — ujikom',
    'locks.intro': 'Akun atau alamat IP yang dikunci sementara setelah terlalu banyak percobaan masuk yang gagal.',
    'locks.col.key': 'Akun / IP',
    'locks.col.kind': 'Jenis',
    'locks.col.failures': 'Gagal',
    'locks.col.until': 'Terkunci sampai',
    'locks.kind.account': 'Akun',
    'locks.kind.ip': 'Alamat IP',
    'locks.lift': 'Buka kunci',
    'locks.liftLabel': 'Buka kunci {key}',
    'locks.lifted': 'Kunci {key} dibuka.',
    'locks.empty': 'Tidak ada kunci aktif.',
    'locks.notLocked': 'Belum terkunci',

    'outbox.title': 'Kotak keluar',
    'outbox.pageTitle': 'Kotak keluar — ujikom',
    'outbox.intro': 'Pesan yang dikirim sistem, misalnya token atur ulang kata sandi. Pada mode demo pesan tidak benar-benar dikirim; bacalah di sini.',
    'outbox.to': 'Kepada',
    'outbox.created': 'Waktu',
    'outbox.empty': 'Belum ada pesan.',
  },
  en: {
    'app.name': 'ujikom',
    'app.tagline': 'Remote Competency Certification',
    'skip': 'Skip to main content',
    'noscript': 'This page needs JavaScript. Please enable JavaScript in your browser.',

    'lang.other': 'Bahasa Indonesia',
    'lang.otherShort': 'ID',
    'lang.switchPrefix': 'Switch language to',

    'nav.label': 'Main navigation',
    'nav.menu': 'Menu',
    'nav.home': 'Home',
    'nav.login': 'Sign in',
    'nav.register': 'Register',
    'nav.account': 'My account',
    'nav.admin': 'Administration',
    'nav.admin.accounts': 'User accounts',
    'nav.admin.roles': 'Roles & permissions',
    'nav.admin.locks': 'Login locks',
    'nav.admin.outbox': 'Outbox',
    'nav.logout': 'Sign out',
    'nav.signedInAs': 'Signed in as',

    'footer.text': 'ujikom — remote and paperless competency certification under SE.007/BNSP/V/2023.',

    'common.loading': 'Loading…',
    'common.required': 'This field is required.',
    'common.error.network': 'Cannot reach the server. Check your internet connection and try again.',
    'common.error.generic': 'Something went wrong. Please try again.',
    'common.error.fixFields': 'Please check the marked fields.',
    'common.noAccess': 'You do not have permission to open this page.',
    'common.showPassword': 'Show',
    'common.hidePassword': 'Hide',
    'common.showPasswordLabel': 'Show password',
    'common.hidePasswordLabel': 'Hide password',
    'common.passwordHint': 'At least 10 characters with letters and digits, not containing your email name, and not a common password.',
    'common.passwordMismatch': 'The passwords do not match.',
    'common.close': 'Close',
    'common.cancel': 'Cancel',
    'common.prev': 'Previous',
    'common.next': 'Next',
    'common.pageOf': 'Page {page} of {pages}',
    'common.empty': 'Nothing here.',
    'common.copy': 'Copy',
    'common.copied': 'Copied.',
    'common.refresh': 'Reload',
    'common.actions': 'Actions',
    'common.yes': 'Yes',
    'common.no': 'No',
    'common.dash': '—',

    'field.name': 'Full name',
    'field.name.hint': 'As on your identity card (KTP).',
    'field.nik': 'NIK',
    'field.nik.hint': 'The 16-digit population number (Nomor Induk Kependudukan) on your KTP.',
    'field.nik.invalid': 'The NIK must be 16 digits.',
    'field.email': 'Email',
    'field.phone': 'Mobile number',
    'field.phone.hint': 'For example 081234567890 or +6281234567890.',
    'field.password': 'Password',
    'field.passwordConfirm': 'Repeat password',
    'field.currentPassword': 'Current password',
    'field.newPassword': 'New password',
    'field.newPasswordConfirm': 'Repeat new password',
    'field.roles': 'Roles',
    'field.roleName': 'Role code',
    'field.roleName.hint': 'Lower-case letters, digits and underscores; for example asesor_magang.',
    'field.titleId': 'Role name (Bahasa Indonesia)',
    'field.titleEn': 'Role name (English)',
    'field.search': 'Search name or email',
    'field.roleFilter': 'Role',

    'role.asesi': 'Candidate',
    'role.asesor': 'Competency assessor',
    'role.admin_lsp': 'LSP administrator',
    'role.manajer_sertifikasi': 'Certification manager',
    'role.komite_teknis': 'Technical committee',
    'role.tim_banding': 'Appeal team',
    'role.verifikator_tuk': 'TUK verifier',
    'role.auditor': 'Auditor',
    'role.ketua_lsp': 'LSP chair',
    'role.operator_sistem': 'IS operator',

    'home.title': 'Home — ujikom',
    'home.hero.title': 'Competency certification from anywhere',
    'home.hero.text': 'Register as a candidate, apply for certification and take your competency assessment remotely, as BNSP rules allow.',
    'home.cta.register': 'Register as a candidate',
    'home.cta.login': 'Sign in',
    'home.steps.title': 'How certification works',
    'home.steps.1': 'Create a candidate account with your NIK and email.',
    'home.steps.2': 'Apply for certification (FR.APL.01) and complete the self-assessment (FR.APL.02) with your evidence.',
    'home.steps.3': 'Take the remote assessment with a competency assessor over video.',
    'home.steps.4': 'Receive the technical committee\'s decision and your electronic certificate.',
    'home.welcome': 'Welcome, {name}',
    'home.yourRoles': 'Your roles',
    'home.yourMenu': 'Your menu',

    'register.title': 'Register as a candidate',
    'register.pageTitle': 'Register — ujikom',
    'register.intro': 'Create an account to apply for competency certification. Use the data on your KTP.',
    'register.submit': 'Register',
    'register.haveAccount': 'Already have an account?',
    'register.loginLink': 'Sign in',
    'register.success': 'Registration complete. Please sign in with your email and password.',

    'login.title': 'Sign in',
    'login.pageTitle': 'Sign in — ujikom',
    'login.intro': 'Sign in to your ujikom account.',
    'login.submit': 'Sign in',
    'login.forgot': 'Forgot your password?',
    'login.noAccount': 'No account yet?',
    'login.registerLink': 'Register as a candidate',
    'login.retryIn': 'Too many attempts. Try again in {s} seconds.',
    'login.loggedOut': 'You have signed out.',
    'login.needLogin': 'Please sign in to continue.',
    'login.resetDone': 'Your password has been reset. Please sign in with the new password.',

    'forgot.title': 'Forgot password',
    'forgot.pageTitle': 'Forgot password — ujikom',
    'forgot.intro': 'Enter your account email. If it is registered, we send a one-time token to reset your password.',
    'forgot.submit': 'Send token',
    'forgot.sent': 'If that email is registered, a token to reset the password has been sent. It is valid for a short time and works only once.',
    'forgot.haveToken': 'Received a token? Set a new password',
    'forgot.back': 'Back to sign in',

    'reset.title': 'Reset password',
    'reset.pageTitle': 'Reset password — ujikom',
    'reset.intro': 'Choose a new password for your account.',
    'reset.submit': 'Save password',
    'reset.token': 'Reset token',
    'reset.tokenHint': 'Copy the one-time token from the password reset message we sent to your email.',
    'reset.requestNew': 'Request a new token',

    'change.title': 'Change password',
    'change.pageTitle': 'Change password — ujikom',
    'change.intro': 'Enter your current password, then choose a new one.',
    'change.forced': 'For your security, replace your temporary password before you continue.',
    'change.submit': 'Change password',
    'change.done': 'Your password has been changed.',

    'account.title': 'My account',
    'account.pageTitle': 'My account — ujikom',
    'account.profile': 'Profile',
    'account.name': 'Name',
    'account.email': 'Email',
    'account.roles': 'Roles',
    'account.security': 'Security',
    'account.changePassword': 'Change password',
    'account.logout': 'Sign out on this device',
    'account.sessions': 'Active sessions',
    'account.sessions.intro': 'Devices signed in to your account. Revoke any session you do not recognise, then change your password.',
    'session.device': 'Device',
    'session.ip': 'IP address',
    'session.created': 'Started',
    'session.lastSeen': 'Last active',
    'session.current': 'This session',
    'session.revoke': 'Revoke',
    'session.revokeLabel': 'Revoke session {device}',
    'session.revoked': 'Session revoked.',
    'session.unknownDevice': 'Unknown device',
    'session.on': '{browser} on {os}',

    'adminAccounts.title': 'User accounts',
    'adminAccounts.pageTitle': 'User accounts — ujikom',
    'adminAccounts.searchTitle': 'Find accounts',
    'adminAccounts.allRoles': 'All roles',
    'adminAccounts.search': 'Search',
    'adminAccounts.total': '{total} accounts',
    'adminAccounts.col.name': 'Name',
    'adminAccounts.col.email': 'Email',
    'adminAccounts.col.roles': 'Roles',
    'adminAccounts.col.status': 'Status',
    'adminAccounts.manage': 'Manage',
    'adminAccounts.manageLabel': 'Manage account {name}',
    'adminAccounts.createTitle': 'Add a staff account',
    'adminAccounts.createIntro': 'Staff accounts get a one-time password. The staff member must replace it at first sign-in.',
    'adminAccounts.create': 'Create account',
    'adminAccounts.otpTitle': 'Account created',
    'adminAccounts.otpText': 'Give this one-time password to {email} over a secure channel. It is shown only once.',
    'adminAccounts.otpLabel': 'One-time password',
    'adminAccounts.otpDone': 'Done',
    'adminAccounts.detailTitle': 'Manage account',
    'adminAccounts.phone': 'Mobile number',
    'adminAccounts.createdAt': 'Created',
    'adminAccounts.lockedUntil': 'Locked until',
    'adminAccounts.statusTitle': 'Account status',
    'adminAccounts.disable': 'Disable account',
    'adminAccounts.enable': 'Enable account',
    'adminAccounts.confirmDisable': 'Disable the account {email}? All its sessions will end.',
    'adminAccounts.statusSaved': 'Account status updated.',
    'adminAccounts.rolesTitle': 'Account roles',
    'adminAccounts.noRoles': 'No roles yet.',
    'adminAccounts.removeRole': 'Remove',
    'adminAccounts.removeRoleLabel': 'Remove role {role}',
    'adminAccounts.addRole': 'Add role',
    'adminAccounts.roleToAdd': 'Role to add',
    'adminAccounts.roleAdded': 'Role added.',
    'adminAccounts.roleRemoved': 'Role removed.',
    'status.active': 'Active',
    'status.disabled': 'Disabled',
    'status.locked': 'Locked',
    'status.mustChange': 'Password not yet changed',

    'roles.title': 'Roles & permissions',
    'roles.pageTitle': 'Roles & permissions — ujikom',
    'roles.intro': 'Set the permissions of each role. Changes apply to the next request of every user holding that role.',
    'roles.builtin': 'Built-in',
    'roles.custom': 'Custom',
    'roles.permCount': '{n} permissions',
    'roles.permsOf': 'Permissions of {role}',
    'roles.createTitle': 'Add a role',
    'roles.create': 'Create role',
    'roles.created': 'Role {name} created.',
    'roles.granted': 'Permission {perm} granted to {role}.',
    'roles.revoked': 'Permission {perm} revoked from {role}.',
    'roles.readOnly': 'You can only view permissions; changing them needs the accounts.role.manage permission.',
    'module.accounts': 'Accounts and roles',
    'module.ledger': 'Audit ledger',
    'module.system': 'System',

    'locks.title': 'Login locks',
    'locks.pageTitle': 'Login locks — ujikom',
    'locks.intro': 'Accounts or IP addresses locked for a while after too many failed sign-in attempts.',
    'locks.col.key': 'Account / IP',
    'locks.col.kind': 'Kind',
    'locks.col.failures': 'Failures',
    'locks.col.until': 'Locked until',
    'locks.kind.account': 'Account',
    'locks.kind.ip': 'IP address',
    'locks.lift': 'Lift lock',
    'locks.liftLabel': 'Lift the lock on {key}',
    'locks.lifted': 'Lock on {key} lifted.',
    'locks.empty': 'No active locks.',
    'locks.notLocked': 'Not locked yet',

    'outbox.title': 'Outbox',
    'outbox.pageTitle': 'Outbox — ujikom',
    'outbox.intro': 'Messages the system sends, such as password reset tokens. In demo mode nothing is really sent; read them here.',
    'outbox.to': 'To',
    'outbox.created': 'Time',
    'outbox.empty': 'No messages yet.',
  },
};

function storedLang() {
  try {
    const v = localStorage.getItem(STORE_KEY);
    return LANGS.includes(v) ? v : null;
  } catch {
    return null; // storage blocked: stay with the default
  }
}

let current = storedLang() || 'id';
const listeners = new Set();

/** The current language code, "id" or "en". */
export function lang() {
  return current;
}

/** Locale tag for Intl formatting. */
export function locale() {
  return current === 'en' ? 'en-GB' : 'id-ID';
}

/** Whether a key exists in the current language (used for optional strings such as role titles). */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(dict[current], key);
}

/** Translates key, substituting {name} placeholders from vars. A missing key is reported on the
 *  console (the static test fails on it) and shown as the key itself. */
export function t(key, vars) {
  let s = dict[current][key];
  if (s === undefined) {
    console.warn(`i18n missing: ${current}:${key}`);
    s = dict.id[key] ?? key;
  }
  if (vars) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  }
  return s;
}

/** Applies translations to every marked element under root (and root itself). data-i18n-vars
 *  holds the JSON placeholders of a data-i18n text. */
export function applyI18n(root = document) {
  const sel = '[data-i18n],[data-i18n-placeholder],[data-i18n-aria-label],[data-i18n-title]';
  const els = [...root.querySelectorAll(sel)];
  if (root.matches && root.matches(sel)) els.push(root);
  for (const el of els) {
    const d = el.dataset;
    if (d.i18n) el.textContent = t(d.i18n, d.i18nVars ? JSON.parse(d.i18nVars) : undefined);
    if (d.i18nPlaceholder) el.setAttribute('placeholder', t(d.i18nPlaceholder));
    if (d.i18nAriaLabel) el.setAttribute('aria-label', t(d.i18nAriaLabel));
    if (d.i18nTitle) el.setAttribute('title', t(d.i18nTitle));
  }
}

/** Marks el to show key (with vars) now and after every language switch. */
export function setText(el, key, vars) {
  el.dataset.i18n = key;
  if (vars) el.dataset.i18nVars = JSON.stringify(vars);
  else delete el.dataset.i18nVars;
  el.textContent = t(key, vars);
}

/** Switches the language: stores it, sets <html lang>, re-translates, tells listeners. */
export function setLang(l) {
  if (!LANGS.includes(l)) return;
  current = l;
  try {
    localStorage.setItem(STORE_KEY, l);
  } catch {
    /* the switch still works for this page */
  }
  document.documentElement.lang = l;
  applyI18n(document);
  for (const fn of listeners) fn(l);
}

/** Calls fn(lang) after each language switch (pages re-render their dynamic parts). */
export function onLangChange(fn) {
  listeners.add(fn);
}

/** Formats a server timestamp (epoch ms, epoch s or ISO text) in the current language. */
export function fmtDate(v) {
  if (v === null || v === undefined || v === '' || v === 0) return t('common.dash');
  let d;
  if (typeof v === 'number') d = new Date(v < 1e12 ? v * 1000 : v);
  else d = new Date(v);
  if (Number.isNaN(d.getTime())) return String(v);
  return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

/** Title of a role in the current language: from the role object when given (title_id/title_en),
 *  else the built-in table, else the role code itself. */
export function roleTitle(name, role) {
  if (role) {
    const v = current === 'en' ? role.title_en : role.title_id;
    if (v) return v;
  }
  return has(`role.${name}`) ? t(`role.${name}`) : name;
}

/** Exposed for the static test (tests/browser/test_web_static.mjs). */
export const _dict = dict;

document.documentElement.lang = current;
