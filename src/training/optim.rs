//! Adam (Kingma & Ba, 2015), the optimiser of the reference figures.

use ndarray::{ArrayViewD, ArrayViewMutD, Zip};

use crate::nn::layers::Dense;

#[derive(Debug, Clone)]
pub struct Adam {
    pub learning_rate: f32,
    pub beta1: f32,
    pub beta2: f32,
    pub epsilon: f32,
    step: i32,
    /// First and second moment estimates, one per dense layer of the network, in its order.
    first_moment: Vec<Dense>,
    second_moment: Vec<Dense>,
}

impl Adam {
    /// PyTorch's defaults (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) with the given learning rate, for a
    /// network of these dense layers.
    pub fn new<'a>(layers: impl IntoIterator<Item = &'a Dense>, learning_rate: f32) -> Adam {
        let zeros: Vec<Dense> = layers.into_iter().map(Dense::zeros_like).collect();
        Adam {
            learning_rate,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            step: 0,
            first_moment: zeros.clone(),
            second_moment: zeros,
        }
    }

    /// Number of updates made so far.
    pub fn steps(&self) -> i32 {
        self.step
    }

    /// One update of every parameter from its gradient: `layers` and `grads` in the order given to
    /// [`Adam::new`].
    pub fn update<'a>(&mut self, layers: impl IntoIterator<Item = &'a mut Dense>, grads: &[Dense]) {
        self.step += 1;
        let (b1, b2) = (self.beta1, self.beta2);
        // Bias-corrected step size, as in the paper's "efficient version" of Algorithm 1.
        let step_size = self.learning_rate * (1.0 - b2.powi(self.step)).sqrt() / (1.0 - b1.powi(self.step));
        let eps = self.epsilon;

        let moments = self.first_moment.iter_mut().zip(self.second_moment.iter_mut());
        for ((param, grad), (m, v)) in layers.into_iter().zip(grads).zip(moments) {
            let tensors = [
                (
                    param.weight.view_mut().into_dyn(),
                    grad.weight.view().into_dyn(),
                    m.weight.view_mut().into_dyn(),
                    v.weight.view_mut().into_dyn(),
                ),
                (
                    param.bias.view_mut().into_dyn(),
                    grad.bias.view().into_dyn(),
                    m.bias.view_mut().into_dyn(),
                    v.bias.view_mut().into_dyn(),
                ),
            ];
            for (p, g, m, v) in tensors {
                adam_update(p, g, m, v, b1, b2, step_size, eps);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn adam_update(
    param: ArrayViewMutD<f32>,
    grad: ArrayViewD<f32>,
    first: ArrayViewMutD<f32>,
    second: ArrayViewMutD<f32>,
    beta1: f32,
    beta2: f32,
    step_size: f32,
    epsilon: f32,
) {
    Zip::from(param).and(grad).and(first).and(second).for_each(|p, &g, m, v| {
        *m = beta1 * *m + (1.0 - beta1) * g;
        *v = beta2 * *v + (1.0 - beta2) * g * g;
        *p -= step_size * *m / (v.sqrt() + epsilon);
    });
}
