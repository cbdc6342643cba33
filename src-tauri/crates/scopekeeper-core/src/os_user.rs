//! The OS account running Scopekeeper.

/// Who is running Scopekeeper (the app or the CLI), for the action log and the audit's "by
/// whom": the account's login name.
pub fn os_user() -> String {
    #[cfg(unix)]
    {
        // SAFETY: getpwuid_r with a buffer we own and size; the result points into that buffer.
        unsafe {
            let mut pwd: libc::passwd = std::mem::zeroed();
            let mut buf = vec![0 as libc::c_char; 4096];
            let mut result: *mut libc::passwd = std::ptr::null_mut();
            if libc::getpwuid_r(
                libc::getuid(),
                &mut pwd,
                buf.as_mut_ptr(),
                buf.len(),
                &mut result,
            ) == 0
                && !result.is_null()
                && !pwd.pw_name.is_null()
            {
                if let Ok(name) = std::ffi::CStr::from_ptr(pwd.pw_name).to_str() {
                    return name.to_owned();
                }
            }
        }
    }
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "unknown".into())
}
