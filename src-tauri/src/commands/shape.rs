//! The shapes a command body may have, so that the list can check each body against its entry
//! at compile time: it takes the app handle, then its request (when it has one), then its
//! progress channel (when it streams), and answers its type plainly or as
//! `Result<_, IpcError>`, at once or as a future.
//!
//! Never here: anything that runs; these traits only constrain types.

use std::future::Future;
use std::marker::PhantomData;

use scopekeeper_core::error::IpcError;
use tauri::ipc::Channel;
use tauri::{AppHandle, Wry};

/// Marks an answer given as is.
pub struct Plain;
/// Marks an answer given as `Result<_, IpcError>`.
pub struct Fallible;
/// Marks an answer given by a future.
pub struct Later<M>(PhantomData<M>);

/// Implemented by what a body returns when it answers `T`.
pub trait Answers<T, M> {}
impl<T> Answers<T, Plain> for T {}
impl<T> Answers<T, Fallible> for Result<T, IpcError> {}
impl<T, M, F: Future<Output: Answers<T, M>>> Answers<T, Later<M>> for F {}

/// Marks a body taking only the app handle.
pub struct Bare<M>(PhantomData<M>);
/// Marks a body taking the app handle and its request.
pub struct WithRequest<M>(PhantomData<M>);
/// Marks a body taking the app handle and its progress channel.
pub struct WithProgress<M>(PhantomData<M>);
/// Marks a body taking the app handle, its request and its progress channel.
pub struct WithBoth<M>(PhantomData<M>);

/// Implemented by a body that takes `Req` (`()`: nothing) and sends `Progress` (`()`: no
/// channel), and answers `Res`.
pub trait Handles<Req, Res, Progress, Shape> {}

impl<F, O, M, Res> Handles<(), Res, (), Bare<M>> for F
where
    F: Fn(AppHandle<Wry>) -> O,
    O: Answers<Res, M>,
{
}

impl<F, O, M, Req, Res> Handles<Req, Res, (), WithRequest<M>> for F
where
    F: Fn(AppHandle<Wry>, Req) -> O,
    O: Answers<Res, M>,
{
}

impl<F, O, M, Res, P> Handles<(), Res, P, WithProgress<M>> for F
where
    F: Fn(AppHandle<Wry>, Channel<P>) -> O,
    O: Answers<Res, M>,
{
}

impl<F, O, M, Req, Res, P> Handles<Req, Res, P, WithBoth<M>> for F
where
    F: Fn(AppHandle<Wry>, Req, Channel<P>) -> O,
    O: Answers<Res, M>,
{
}

/// Compiles only when `body` has the shape its list entry says.
pub fn expect<Req, Res, Progress, Shape, F: Handles<Req, Res, Progress, Shape>>(_body: F) {}
